// generated from web/src/pages/BadReviews.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, createBlock as _createBlock, withCtx as _withCtx, unref as _unref, createTextVNode as _createTextVNode, createCommentVNode as _createCommentVNode, toDisplayString as _toDisplayString, resolveDirective as _resolveDirective, withDirectives as _withDirectives, withModifiers as _withModifiers } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }

import { ElMessage } from 'element-plus';
import { computed, onMounted, reactive, ref } from 'vue';
import { api, ApiError, currentMonth, hallNow, newId, type BadReview, type HallEvent } from '../api';
import { dt, REVIEW_STATUS, REVIEW_STATUS_TYPE } from '../labels';
import { useStaff } from './useStaff';

type Action = 'evaluation.rectified' | 'evaluation.revisited' | 'evaluation.appealed' | 'evaluation.annulled';

export default /*@__PURE__*/_defineComponent({
  __name: 'BadReviews',
  setup(__props) {

/**
 * The 好差评 closed loop (CONTRACT.md §11): the bad reviews of a month with their rectification
 * deadline, and the four actions the hall office takes on them, each posted as an event joined on the
 * review's caseId: 整改 evaluation.rectified, 回访 evaluation.revisited, 申诉 evaluation.appealed,
 * 作废 evaluation.annulled.
 */
const ACTIONS: Record<Action, { label: string; field: string }> = {
  'evaluation.rectified': { label: '整改', field: '整改情况' },
  'evaluation.revisited': { label: '回访', field: '回访记录（选填）' },
  'evaluation.appealed': { label: '申诉', field: '申诉理由' },
  'evaluation.annulled': { label: '作废', field: '核实结论（作废理由）' },
};
const LEVEL: Record<number, string> = { 1: '非常不满意', 2: '不满意' };

const staff = useStaff();
const names = computed(() => new Map(staff.value.map((s) => [s.id, s.name])));
const departments = ref<{ id: string; name: string }[]>([]);
const filter = reactive({ period: currentMonth(), departmentId: '', status: '' });
const reviews = ref<BadReview[]>([]);
const loading = ref(false);
const error = ref('');
const dialog = reactive({ open: false, action: 'evaluation.rectified' as Action, review: null as BadReview | null, text: '', satisfied: true, saving: false });

async function load(): Promise<void> {
  loading.value = true;
  error.value = '';
  try {
    reviews.value = (await api.badReviews(filter)).reviews;
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  } finally {
    loading.value = false;
  }
}
function open(action: Action, review: BadReview): void {
  Object.assign(dialog, { open: true, action, review, text: '', satisfied: true });
}
async function submit(): Promise<void> {
  const r = dialog.review!;
  const text = dialog.text.trim();
  if (!text && dialog.action !== 'evaluation.revisited') return void ElMessage.warning(`请填写${ACTIONS[dialog.action].field}`);
  const base = { id: newId(dialog.action.split('.')[1]!), occurredAt: hallNow(), caseId: r.caseId };
  const event: HallEvent =
    dialog.action === 'evaluation.rectified'
      ? { ...base, type: 'evaluation.rectified', note: text }
      : dialog.action === 'evaluation.revisited'
        ? { ...base, type: 'evaluation.revisited', satisfied: dialog.satisfied, ...(text ? { note: text } : {}) }
        : dialog.action === 'evaluation.appealed'
          ? { ...base, type: 'evaluation.appealed', reason: text }
          : { ...base, type: 'evaluation.annulled', reason: text };
  dialog.saving = true;
  try {
    await api.post(event);
    ElMessage.success(`已${ACTIONS[dialog.action].label}：${r.caseId}`);
    dialog.open = false;
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    dialog.saving = false;
  }
}
onMounted(async () => {
  await load();
  try {
    departments.value = await api.list('departments');
  } catch {
    departments.value = [];
  }
});

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_tag = _resolveComponent("el-tag")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_dialog = _resolveComponent("el-dialog")!
  const _directive_loading = _resolveDirective("loading")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[20] || (_cache[20] = _createElementVNode("h1", null, "差评整改", -1 /* CACHED */)),
    _cache[21] || (_cache[21] = _createElementVNode("p", { class: "muted" }, "每条差评须在 5 个工作日内整改；整改、回访、申诉与核实作废均在此登记。", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _cache[8] || (_cache[8] = _createElementVNode("label", {
        class: "muted",
        for: "bad-review-period"
      }, "月份", -1 /* CACHED */)),
      _createVNode(_component_el_input, {
        id: "bad-review-period",
        modelValue: filter.period,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((filter.period) = $event)),
        style: {"width":"110px"},
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _cache[9] || (_cache[9] = _createElementVNode("label", {
        class: "muted",
        for: "bad-review-dept"
      }, "派驻部门", -1 /* CACHED */)),
      _createVNode(_component_el_select, {
        id: "bad-review-dept",
        modelValue: filter.departmentId,
        "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((filter.departmentId) = $event)),
        placeholder: "全部",
        style: {"width":"150px"},
        onChange: load
      }, {
        default: _withCtx(() => [
          _createVNode(_component_el_option, {
            label: "全部",
            value: ""
          }),
          (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(departments.value, (d) => {
            return (_openBlock(), _createBlock(_component_el_option, {
              key: d.id,
              label: d.name,
              value: d.id
            }, null, 8 /* PROPS */, ["label", "value"]))
          }), 128 /* KEYED_FRAGMENT */))
        ]),
        _: 1 /* STABLE */
      }, 8 /* PROPS */, ["modelValue"]),
      _cache[10] || (_cache[10] = _createElementVNode("label", {
        class: "muted",
        for: "bad-review-status"
      }, "状态", -1 /* CACHED */)),
      _createVNode(_component_el_select, {
        id: "bad-review-status",
        modelValue: filter.status,
        "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((filter.status) = $event)),
        placeholder: "全部",
        style: {"width":"130px"},
        onChange: load
      }, {
        default: _withCtx(() => [
          _createVNode(_component_el_option, {
            label: "全部",
            value: ""
          }),
          (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(REVIEW_STATUS), (l, k) => {
            return (_openBlock(), _createBlock(_component_el_option, {
              key: k,
              label: l,
              value: k
            }, null, 8 /* PROPS */, ["label", "value"]))
          }), 128 /* KEYED_FRAGMENT */))
        ]),
        _: 1 /* STABLE */
      }, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, { onClick: load }, {
        default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
          _createTextVNode("刷新", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      })
    ]),
    (error.value)
      ? (_openBlock(), _createBlock(_component_el_alert, {
          key: 0,
          title: error.value,
          type: "error",
          closable: false
        }, null, 8 /* PROPS */, ["title"]))
      : _createCommentVNode("v-if", true),
    _withDirectives((_openBlock(), _createBlock(_component_el_table, {
      data: reviews.value,
      class: "bad-review-list",
      "empty-text": "本月没有差评"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "caseId",
          label: "办件编号",
          "min-width": "110"
        }),
        _createVNode(_component_el_table_column, {
          label: "被评价人",
          "min-width": "80"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(names.value.get(row.staffId) ?? row.staffId), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          prop: "windowId",
          label: "窗口",
          "min-width": "60"
        }),
        _createVNode(_component_el_table_column, {
          label: "评价",
          "min-width": "90"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(LEVEL[row.level] ?? row.level), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "评价时间",
          "min-width": "130"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(dt)(row.at)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "内容",
          "min-width": "120"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.comment ?? '—'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "状态",
          "min-width": "100"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_tag, {
              size: "small",
              type: _unref(REVIEW_STATUS_TYPE)[row.status]
            }, {
              default: _withCtx(() => [
                _createTextVNode(_toDisplayString(_unref(REVIEW_STATUS)[row.status]), 1 /* TEXT */)
              ]),
              _: 2 /* DYNAMIC */
            }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["type"]),
            (row.appeal && row.status !== 'annulled')
              ? (_openBlock(), _createBlock(_component_el_tag, {
                  key: 0,
                  size: "small",
                  type: "warning",
                  style: {"margin-left":"4px"}
                }, {
                  default: _withCtx(() => [...(_cache[11] || (_cache[11] = [
                    _createTextVNode("申诉中", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }))
              : _createCommentVNode("v-if", true)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "整改期限",
          "min-width": "130"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(dt)(row.dueAt)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "回访",
          "min-width": "80"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.revisit ? (row.revisit.satisfied ? '满意' : '不满意') : '—'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "操作",
          "min-width": "230"
        }, {
          default: _withCtx(({ row }) => [
            (row.status !== 'annulled')
              ? (_openBlock(), _createElementBlock(_Fragment, { key: 0 }, [
                  (row.status !== 'rectified')
                    ? (_openBlock(), _createBlock(_component_el_button, {
                        key: 0,
                        size: "small",
                        type: "primary",
                        onClick: ($event: any) => (open('evaluation.rectified', row))
                      }, {
                        default: _withCtx(() => [...(_cache[12] || (_cache[12] = [
                          _createTextVNode("整改", -1 /* CACHED */)
                        ]))]),
                        _: 1 /* STABLE */
                      }, 8 /* PROPS */, ["onClick"]))
                    : _createCommentVNode("v-if", true),
                  _createVNode(_component_el_button, {
                    size: "small",
                    onClick: ($event: any) => (open('evaluation.revisited', row))
                  }, {
                    default: _withCtx(() => [...(_cache[13] || (_cache[13] = [
                      _createTextVNode("回访", -1 /* CACHED */)
                    ]))]),
                    _: 1 /* STABLE */
                  }, 8 /* PROPS */, ["onClick"]),
                  (!row.appeal)
                    ? (_openBlock(), _createBlock(_component_el_button, {
                        key: 1,
                        size: "small",
                        onClick: ($event: any) => (open('evaluation.appealed', row))
                      }, {
                        default: _withCtx(() => [...(_cache[14] || (_cache[14] = [
                          _createTextVNode("申诉", -1 /* CACHED */)
                        ]))]),
                        _: 1 /* STABLE */
                      }, 8 /* PROPS */, ["onClick"]))
                    : _createCommentVNode("v-if", true),
                  _createVNode(_component_el_button, {
                    size: "small",
                    type: "danger",
                    onClick: ($event: any) => (open('evaluation.annulled', row))
                  }, {
                    default: _withCtx(() => [...(_cache[15] || (_cache[15] = [
                      _createTextVNode("作废", -1 /* CACHED */)
                    ]))]),
                    _: 1 /* STABLE */
                  }, 8 /* PROPS */, ["onClick"])
                ], 64 /* STABLE_FRAGMENT */))
              : _createCommentVNode("v-if", true)
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])), [
      [_directive_loading, loading.value]
    ]),
    _createVNode(_component_el_dialog, {
      modelValue: dialog.open,
      "onUpdate:modelValue": _cache[6] || (_cache[6] = ($event: any) => ((dialog.open) = $event)),
      title: `${ACTIONS[dialog.action].label}：${dialog.review?.caseId ?? ''}`,
      width: "460px"
    }, {
      footer: _withCtx(() => [
        _createVNode(_component_el_button, {
          onClick: _cache[5] || (_cache[5] = ($event: any) => (dialog.open = false))
        }, {
          default: _withCtx(() => [...(_cache[18] || (_cache[18] = [
            _createTextVNode("取消", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_button, {
          type: "primary",
          loading: dialog.saving,
          onClick: submit
        }, {
          default: _withCtx(() => [...(_cache[19] || (_cache[19] = [
            _createTextVNode("提交", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }, 8 /* PROPS */, ["loading"])
      ]),
      default: _withCtx(() => [
        _createVNode(_component_el_form, {
          "label-position": "top",
          onSubmit: _withModifiers(submit, ["prevent"])
        }, {
          default: _withCtx(() => [
            (dialog.action === 'evaluation.revisited')
              ? (_openBlock(), _createBlock(_component_el_form_item, {
                  key: 0,
                  label: "回访结果"
                }, {
                  default: _withCtx(() => [
                    _createVNode(_component_el_radio_group, {
                      modelValue: dialog.satisfied,
                      "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((dialog.satisfied) = $event)),
                      "aria-label": "回访结果"
                    }, {
                      default: _withCtx(() => [
                        _createVNode(_component_el_radio_button, { value: true }, {
                          default: _withCtx(() => [...(_cache[16] || (_cache[16] = [
                            _createTextVNode("满意", -1 /* CACHED */)
                          ]))]),
                          _: 1 /* STABLE */
                        }),
                        _createVNode(_component_el_radio_button, { value: false }, {
                          default: _withCtx(() => [...(_cache[17] || (_cache[17] = [
                            _createTextVNode("不满意", -1 /* CACHED */)
                          ]))]),
                          _: 1 /* STABLE */
                        })
                      ]),
                      _: 1 /* STABLE */
                    }, 8 /* PROPS */, ["modelValue"])
                  ]),
                  _: 1 /* STABLE */
                }))
              : _createCommentVNode("v-if", true),
            _createVNode(_component_el_form_item, {
              label: ACTIONS[dialog.action].field,
              for: "action-text"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_input, {
                  id: "action-text",
                  modelValue: dialog.text,
                  "onUpdate:modelValue": _cache[4] || (_cache[4] = ($event: any) => ((dialog.text) = $event)),
                  type: "textarea",
                  rows: 3
                }, null, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["label"])
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["modelValue", "title"])
  ]))
}
}

})