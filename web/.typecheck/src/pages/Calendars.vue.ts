// generated from web/src/pages/Calendars.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, resolveComponent as _resolveComponent, createBlock as _createBlock, createCommentVNode as _createCommentVNode, createVNode as _createVNode, toDisplayString as _toDisplayString, createTextVNode as _createTextVNode, withCtx as _withCtx, unref as _unref } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }
const _hoisted_3 = {
  class: "toolbar",
  style: {"margin-top":"8px"}
}
const _hoisted_4 = { class: "muted" }
const _hoisted_5 = {
  key: 1,
  class: "notice-preview"
}

import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, onMounted, ref, watch } from 'vue';
import { api, ApiError, type CalendarDay, type CalendarView } from '../api';
import { CALENDAR_SOURCE } from '../labels';
import HallCalendarForm from './HallCalendarForm.vue';

const WEEKDAY = '日一二三四五六';

export default /*@__PURE__*/_defineComponent({
  __name: 'Calendars',
  setup(__props) {

/**
 * Calendars (CONTRACT.md §8): coverage of every calendar, the State Council notice pasted as text —
 * previewed with ?dryRun=true before it is applied — and the hall's own calendars for local holidays.
 */
const calendars = ref<CalendarView[]>([]);
const warnings = ref<string[]>([]);
const error = ref('');
const year = ref(String(new Date().getFullYear() + 1));
const text = ref('');
const preview = ref<{ year: number; days: CalendarDay[] } | null>(null);
const noticeErrors = ref<{ line: string; detail: string }[]>([]);
const busy = ref(false);
const statutory = computed(() => calendars.value.find((c) => c.id === 'cn-statutory'));
const weekday = (d: string) => `周${WEEKDAY[new Date(`${d}T12:00:00+08:00`).getUTCDay()]}`;

async function load(): Promise<void> {
  error.value = '';
  try {
    calendars.value = (await api.calendars()).calendars;
    const h = await fetch('/health').then((r) => r.json() as Promise<{ warnings?: string[] }>);
    warnings.value = h.warnings ?? [];
    if (statutory.value?.coveredThrough && !text.value) year.value = String(statutory.value.coveredThrough + 1);
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  }
}

/** 'line 4' → '第4行', with the line's own text when the API quotes it. */
function readErrors(e: ApiError): { line: string; detail: string }[] {
  return e.errors.map((x) => {
    const n = /^line (\d+)$/.exec(x.path)?.[1];
    const quoted = /^"([^"]*)"/.exec(x.message)?.[1];
    return { line: n ? `第${n}行无法识别${quoted ? `：${quoted}` : ''}` : `${x.path} 无法识别`, detail: x.message };
  });
}

async function send(dryRun: boolean): Promise<void> {
  const y = Number(year.value);
  if (!/^\d{4}$/.test(year.value) || !text.value.trim()) return void ElMessage.warning('请填写年份并粘贴通知全文');
  busy.value = true;
  noticeErrors.value = [];
  try {
    const r = await api.putNotice(y, text.value, dryRun);
    preview.value = { year: r.year, days: r.days };
    if (!dryRun) {
      ElMessage.success(`${y} 年节假日安排已应用，共 ${r.days.length} 天`);
      await load();
    }
  } catch (e) {
    preview.value = null;
    if (e instanceof ApiError && e.status === 400) {
      noticeErrors.value = e.errors.length ? readErrors(e) : [{ line: '通知无法识别', detail: e.message }];
    } else ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    busy.value = false;
  }
}

async function dropYear(y: number): Promise<void> {
  try {
    await ElMessageBox.confirm(`删除本大厅录入的 ${y} 年数据？（随软件发布的数据如有，将重新生效）`, '确认删除', { confirmButtonText: '删除', cancelButtonText: '取消' });
  } catch {
    return;
  }
  try {
    await api.deleteYear(y);
    ElMessage.success(`已删除 ${y} 年数据`);
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
// A preview belongs to the text it was made from: editing the text asks for a new one.
watch([text, year], () => (preview.value = null));
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_tag = _resolveComponent("el-tag")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_card = _resolveComponent("el-card")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[11] || (_cache[11] = _createElementVNode("h1", null, "节假日日历", -1 /* CACHED */)),
    (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(warnings.value, (w) => {
      return (_openBlock(), _createBlock(_component_el_alert, {
        key: w,
        type: "warning",
        closable: false,
        "show-icon": "",
        title: `节假日数据即将用完，请粘贴下一年的国务院办公厅放假通知。`,
        description: w,
        style: {"margin-bottom":"8px"}
      }, null, 8 /* PROPS */, ["description"]))
    }), 128 /* KEYED_FRAGMENT */)),
    (error.value)
      ? (_openBlock(), _createBlock(_component_el_alert, {
          key: 0,
          title: error.value,
          type: "error",
          closable: false
        }, null, 8 /* PROPS */, ["title"]))
      : _createCommentVNode("v-if", true),
    _createVNode(_component_el_table, {
      data: calendars.value,
      class: "calendar-list",
      "empty-text": "暂无日历"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "id",
          label: "编号",
          "min-width": "110"
        }),
        _createVNode(_component_el_table_column, {
          prop: "name",
          label: "名称",
          "min-width": "160"
        }),
        _createVNode(_component_el_table_column, {
          label: "基础日历",
          "min-width": "100"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.base ?? '—'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "覆盖年份",
          "min-width": "110"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.coveredThrough ? `${row.firstCovered ?? ''}–${row.coveredThrough}` : '不限（周一至周五）'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "各年数据来源",
          "min-width": "280"
        }, {
          default: _withCtx(({ row }) => [
            (_openBlock(true), _createElementBlock(_Fragment, null, _renderList((row.years ?? []).slice(-4), (y) => {
              return (_openBlock(), _createElementBlock("span", {
                key: y.year,
                style: {"margin-right":"6px","white-space":"nowrap"}
              }, [
                _createVNode(_component_el_tag, {
                  size: "small",
                  type: y.source === 'hall' ? 'warning' : 'info'
                }, {
                  default: _withCtx(() => [
                    _createTextVNode(_toDisplayString(y.year) + " " + _toDisplayString(_unref(CALENDAR_SOURCE)[y.source]), 1 /* TEXT */)
                  ]),
                  _: 2 /* DYNAMIC */
                }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["type"]),
                (y.source === 'hall')
                  ? (_openBlock(), _createBlock(_component_el_button, {
                      key: 0,
                      link: "",
                      type: "danger",
                      size: "small",
                      "aria-label": `删除 ${y.year} 年本大厅数据`,
                      onClick: ($event: any) => (dropYear(y.year))
                    }, {
                      default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                        _createTextVNode("删除", -1 /* CACHED */)
                      ]))]),
                      _: 1 /* STABLE */
                    }, 8 /* PROPS */, ["aria-label", "onClick"]))
                  : _createCommentVNode("v-if", true)
              ]))
            }), 128 /* KEYED_FRAGMENT */))
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"]),
    _createVNode(_component_el_card, {
      shadow: "never",
      style: {"margin-top":"16px"}
    }, {
      header: _withCtx(() => [...(_cache[5] || (_cache[5] = [
        _createTextVNode("粘贴国务院办公厅放假通知（预览无误后再应用）", -1 /* CACHED */)
      ]))]),
      default: _withCtx(() => [
        _createElementVNode("div", _hoisted_2, [
          _cache[6] || (_cache[6] = _createElementVNode("label", {
            class: "muted",
            for: "notice-year"
          }, "年份", -1 /* CACHED */)),
          _createVNode(_component_el_input, {
            id: "notice-year",
            modelValue: year.value,
            "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((year).value = $event)),
            style: {"width":"100px"}
          }, null, 8 /* PROPS */, ["modelValue"])
        ]),
        _cache[10] || (_cache[10] = _createElementVNode("label", {
          class: "muted",
          for: "notice-text"
        }, "通知全文（标题、正文、落款均可一并粘贴）", -1 /* CACHED */)),
        _createVNode(_component_el_input, {
          id: "notice-text",
          modelValue: text.value,
          "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((text).value = $event)),
          class: "notice-text",
          type: "textarea",
          rows: 8,
          placeholder: "国务院办公厅关于2027年部分节假日安排的通知……"
        }, null, 8 /* PROPS */, ["modelValue"]),
        _createElementVNode("div", _hoisted_3, [
          _createVNode(_component_el_button, {
            loading: busy.value,
            onClick: _cache[2] || (_cache[2] = ($event: any) => (send(true)))
          }, {
            default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
              _createTextVNode("预览", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          }, 8 /* PROPS */, ["loading"]),
          _createVNode(_component_el_button, {
            type: "primary",
            loading: busy.value,
            disabled: !preview.value,
            onClick: _cache[3] || (_cache[3] = ($event: any) => (send(false)))
          }, {
            default: _withCtx(() => [...(_cache[8] || (_cache[8] = [
              _createTextVNode("应用", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          }, 8 /* PROPS */, ["loading", "disabled"]),
          _cache[9] || (_cache[9] = _createElementVNode("span", { class: "muted" }, "预览不保存任何数据；应用后替换本大厅该年的数据，未归档周期立即按新日历重算。", -1 /* CACHED */))
        ]),
        (noticeErrors.value.length)
          ? (_openBlock(), _createBlock(_component_el_alert, {
              key: 0,
              type: "error",
              closable: false,
              class: "notice-errors",
              title: "通知中有无法识别的内容，未保存"
            }, {
              default: _withCtx(() => [
                (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(noticeErrors.value, (e, i) => {
                  return (_openBlock(), _createElementBlock("div", { key: i }, [
                    _createElementVNode("div", null, _toDisplayString(e.line), 1 /* TEXT */),
                    _createElementVNode("div", _hoisted_4, _toDisplayString(e.detail), 1 /* TEXT */)
                  ]))
                }), 128 /* KEYED_FRAGMENT */))
              ]),
              _: 1 /* STABLE */
            }))
          : _createCommentVNode("v-if", true),
        (preview.value)
          ? (_openBlock(), _createElementBlock("div", _hoisted_5, [
              _createElementVNode("p", null, _toDisplayString(preview.value.year) + " 年：放假 " + _toDisplayString(preview.value.days.filter((d) => d.isOffDay).length) + " 天，调休上班 " + _toDisplayString(preview.value.days.filter((d) => !d.isOffDay).length) + " 天", 1 /* TEXT */),
              _createVNode(_component_el_table, {
                data: preview.value.days,
                size: "small",
                class: "preview-days"
              }, {
                default: _withCtx(() => [
                  _createVNode(_component_el_table_column, {
                    prop: "date",
                    label: "日期",
                    width: "120"
                  }),
                  _createVNode(_component_el_table_column, {
                    label: "星期",
                    width: "70"
                  }, {
                    default: _withCtx(({ row }) => [
                      _createTextVNode(_toDisplayString(weekday(row.date)), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_table_column, {
                    label: "安排",
                    width: "90"
                  }, {
                    default: _withCtx(({ row }) => [
                      _createVNode(_component_el_tag, {
                        size: "small",
                        type: row.isOffDay ? 'danger' : 'info'
                      }, {
                        default: _withCtx(() => [
                          _createTextVNode(_toDisplayString(row.isOffDay ? '放假' : '上班'), 1 /* TEXT */)
                        ]),
                        _: 2 /* DYNAMIC */
                      }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["type"])
                    ]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_table_column, {
                    prop: "name",
                    label: "节日"
                  })
                ]),
                _: 1 /* STABLE */
              }, 8 /* PROPS */, ["data"])
            ]))
          : _createCommentVNode("v-if", true)
      ]),
      _: 1 /* STABLE */
    }),
    _createVNode(HallCalendarForm, {
      calendars: calendars.value,
      onSaved: load
    }, null, 8 /* PROPS */, ["calendars"])
  ]))
}
}

})