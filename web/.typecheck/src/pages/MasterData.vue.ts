// generated from web/src/pages/MasterData.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, toDisplayString as _toDisplayString, createTextVNode as _createTextVNode, createBlock as _createBlock, createCommentVNode as _createCommentVNode } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = {
  key: 0,
  class: "muted import-report"
}

import { ElMessage } from 'element-plus';
import { computed, onMounted, ref, watch } from 'vue';
import { api, ApiError, type MasterKind } from '../api';
import { parseCsv, rowToRecord } from '../csv';


export default /*@__PURE__*/_defineComponent({
  __name: 'MasterData',
  setup(__props) {

const KINDS: { kind: MasterKind; title: string; columns: string[] }[] = [
  { kind: 'staff', title: '人员', columns: ['id', 'name', 'departmentId', 'windowId', 'shiftId', 'pin', 'since', 'active'] },
  { kind: 'windows', title: '窗口', columns: ['id', 'name', 'hallId'] },
  { kind: 'departments', title: '派驻部门', columns: ['id', 'name', 'emails'] },
  { kind: 'shifts', title: '班次', columns: ['id', 'sessions', 'arriveEarlyMinutes', 'lateAbsentMinutes', 'calendar'] },
  { kind: 'sources', title: '数据来源', columns: ['id', 'kind', 'deviceSn', 'hasKey'] },
];
const tab = ref<MasterKind>('staff');
const rows = ref<Record<string, unknown>[]>([]);
const def = computed(() => KINDS.find((k) => k.kind === tab.value)!);
const editId = ref('');
const editBody = ref('');
const csv = ref('');
const report = ref('');

const show = (v: unknown) => (Array.isArray(v) || (v && typeof v === 'object') ? JSON.stringify(v) : v === undefined ? '' : String(v));
async function load(): Promise<void> {
  try {
    rows.value = (await api.list(tab.value)) as Record<string, unknown>[];
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
function edit(row: Record<string, unknown>): void {
  const { id, hasKey: _h, ...rest } = row;
  editId.value = String(id);
  editBody.value = JSON.stringify(rest, null, 2);
}
async function save(): Promise<void> {
  try {
    await api.put(tab.value, editId.value, JSON.parse(editBody.value));
    ElMessage.success('已保存');
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? `${e.message}：${e.errors.map((x) => `${x.path} ${x.message}`).join('；')}` : '内容不是有效的 JSON');
  }
}
async function importCsv(): Promise<void> {
  const table = parseCsv(csv.value);
  let ok = 0;
  const failed: string[] = [];
  for (const [i, r] of table.rows.entries()) {
    const { id, body } = rowToRecord(tab.value, table.header, r);
    try {
      await api.put(tab.value, id, body as never);
      ok++;
    } catch (e) {
      failed.push(`第 ${i + 2} 行（${id}）：${e instanceof ApiError ? `${e.message} ${e.errors.map((x) => `${x.path} ${x.message}`).join('；')}` : String(e)}`);
    }
  }
  report.value = `导入成功 ${ok} 条${failed.length ? `，失败 ${failed.length} 条：\n${failed.join('\n')}` : ''}`;
  await load();
}
async function pickFile(ev: Event): Promise<void> {
  const f = (ev.target as HTMLInputElement).files?.[0];
  if (!f) return;
  if (/\.xlsx$/i.test(f.name)) {
    const { xlsxToCsv } = await import('../xlsx');
    csv.value = await xlsxToCsv(await f.arrayBuffer());
  } else csv.value = await f.text();
}
watch(tab, load);
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_tab_pane = _resolveComponent("el-tab-pane")!
  const _component_el_tabs = _resolveComponent("el-tabs")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_card = _resolveComponent("el-card")!
  const _component_el_col = _resolveComponent("el-col")!
  const _component_el_row = _resolveComponent("el-row")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[6] || (_cache[6] = _createElementVNode("h1", null, "基础数据", -1 /* CACHED */)),
    _createVNode(_component_el_tabs, {
      modelValue: tab.value,
      "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((tab).value = $event))
    }, {
      default: _withCtx(() => [
        (_openBlock(), _createElementBlock(_Fragment, null, _renderList(KINDS, (k) => {
          return _createVNode(_component_el_tab_pane, {
            key: k.kind,
            label: k.title,
            name: k.kind
          }, null, 8 /* PROPS */, ["label", "name"])
        }), 64 /* STABLE_FRAGMENT */))
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["modelValue"]),
    _createVNode(_component_el_table, {
      data: rows.value,
      "empty-text": `暂无${def.value.title}`,
      onRowClick: edit
    }, {
      default: _withCtx(() => [
        (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(def.value.columns, (c) => {
          return (_openBlock(), _createBlock(_component_el_table_column, {
            key: c,
            label: c,
            "min-width": "100"
          }, {
            default: _withCtx(({ row }) => [
              _createTextVNode(_toDisplayString(show(row[c])), 1 /* TEXT */)
            ]),
            _: 2 /* DYNAMIC */
          }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["label"]))
        }), 128 /* KEYED_FRAGMENT */))
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data", "empty-text"]),
    _createVNode(_component_el_row, {
      gutter: 12,
      style: {"margin-top":"12px"}
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_col, {
          xs: 24,
          md: 12
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_card, { shadow: "never" }, {
              header: _withCtx(() => [
                _createTextVNode("新增或修改" + _toDisplayString(def.value.title) + "（点击表格行可编辑）", 1 /* TEXT */)
              ]),
              default: _withCtx(() => [
                _createVNode(_component_el_form, { "label-position": "top" }, {
                  default: _withCtx(() => [
                    _createVNode(_component_el_form_item, {
                      label: "编号",
                      for: "md-id"
                    }, {
                      default: _withCtx(() => [
                        _createVNode(_component_el_input, {
                          id: "md-id",
                          modelValue: editId.value,
                          "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((editId).value = $event))
                        }, null, 8 /* PROPS */, ["modelValue"])
                      ]),
                      _: 1 /* STABLE */
                    }),
                    _createVNode(_component_el_form_item, {
                      label: "内容（JSON）",
                      for: "md-body"
                    }, {
                      default: _withCtx(() => [
                        _createVNode(_component_el_input, {
                          id: "md-body",
                          modelValue: editBody.value,
                          "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((editBody).value = $event)),
                          type: "textarea",
                          rows: 6
                        }, null, 8 /* PROPS */, ["modelValue"])
                      ]),
                      _: 1 /* STABLE */
                    }),
                    _createVNode(_component_el_button, {
                      type: "primary",
                      onClick: save
                    }, {
                      default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                        _createTextVNode("保存", -1 /* CACHED */)
                      ]))]),
                      _: 1 /* STABLE */
                    })
                  ]),
                  _: 1 /* STABLE */
                })
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_col, {
          xs: 24,
          md: 12
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_card, { shadow: "never" }, {
              header: _withCtx(() => [
                _createTextVNode("批量导入（CSV 或 XLSX，首行为列名：" + _toDisplayString(def.value.columns.filter((c) => c !== 'hasKey').join(', ')) + "）", 1 /* TEXT */)
              ]),
              default: _withCtx(() => [
                _createElementVNode("input", {
                  type: "file",
                  accept: ".csv,.xlsx",
                  "aria-label": "选择导入文件",
                  onChange: pickFile
                }, null, 32 /* NEED_HYDRATION */),
                _createVNode(_component_el_input, {
                  modelValue: csv.value,
                  "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((csv).value = $event)),
                  type: "textarea",
                  rows: 6,
                  "aria-label": "CSV 内容",
                  style: {"margin-top":"8px"}
                }, null, 8 /* PROPS */, ["modelValue"]),
                _createVNode(_component_el_button, {
                  style: {"margin-top":"8px"},
                  onClick: importCsv
                }, {
                  default: _withCtx(() => [...(_cache[5] || (_cache[5] = [
                    _createTextVNode("导入", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }),
                (report.value)
                  ? (_openBlock(), _createElementBlock("pre", _hoisted_2, _toDisplayString(report.value), 1 /* TEXT */))
                  : _createCommentVNode("v-if", true)
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    })
  ]))
}
}

})