// generated from web/src/pages/Complaints.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, createTextVNode as _createTextVNode, withCtx as _withCtx, unref as _unref, toDisplayString as _toDisplayString, resolveDirective as _resolveDirective, openBlock as _openBlock, createBlock as _createBlock, withDirectives as _withDirectives, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }

import { ElMessage } from 'element-plus';
import { onMounted, ref } from 'vue';
import { api, ApiError, currentMonth, hallNow, newId, type StoredEvent } from '../api';
import { COMPLAINT_CATEGORY } from '../labels';

interface Pending {
  caseId: string;
  staffId: string;
  name: string;
  category: string;
  summary: string;
  occurredAt: string;
}

export default /*@__PURE__*/_defineComponent({
  __name: 'Complaints',
  setup(__props) {

const period = ref(currentMonth());
const pending = ref<Pending[]>([]);
const severity = ref<Record<string, 'minor' | 'serious'>>({});
const loading = ref(false);

async function load(): Promise<void> {
  loading.value = true;
  try {
    const sheets = (await api.sheets(period.value)).sheets.filter((s) => s.complaints.pending > 0);
    const out: Pending[] = [];
    for (const s of sheets) {
      const { events } = await api.sheetEvents(period.value, s.staffId);
      const resolved = new Set(events.filter((e) => e.event.type === 'complaint.resolved').map((e) => (e.event as { caseId: string }).caseId));
      for (const e of events as StoredEvent[]) {
        if (e.event.type !== 'complaint.filed') continue;
        const f = e.event as unknown as { caseId: string; category: string; summary: string; occurredAt: string };
        if (!resolved.has(f.caseId)) out.push({ caseId: f.caseId, staffId: s.staffId, name: s.name, category: f.category, summary: f.summary, occurredAt: f.occurredAt });
      }
    }
    pending.value = out;
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    loading.value = false;
  }
}

async function verdict(p: Pending, v: 'substantiated' | 'unsubstantiated'): Promise<void> {
  try {
    await api.post({ id: newId('verdict'), type: 'complaint.resolved', occurredAt: hallNow(), caseId: p.caseId, verdict: v, severity: severity.value[p.caseId] ?? 'minor' });
    pending.value = pending.value.filter((x) => x.caseId !== p.caseId);
    ElMessage.success(v === 'substantiated' ? '已裁定：投诉属实' : '已裁定：投诉不属实');
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_table = _resolveComponent("el-table")!
  const _directive_loading = _resolveDirective("loading")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[7] || (_cache[7] = _createElementVNode("h1", null, "投诉待裁定", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _cache[2] || (_cache[2] = _createElementVNode("label", {
        class: "muted",
        for: "cmp-period"
      }, "考核周期", -1 /* CACHED */)),
      _createVNode(_component_el_input, {
        id: "cmp-period",
        modelValue: period.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((period).value = $event)),
        style: {"width":"140px"},
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, { onClick: load }, {
        default: _withCtx(() => [...(_cache[1] || (_cache[1] = [
          _createTextVNode("刷新", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      })
    ]),
    _withDirectives((_openBlock(), _createBlock(_component_el_table, {
      data: pending.value,
      class: "pending-complaints",
      "empty-text": "没有待裁定的投诉"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "caseId",
          label: "投诉编号",
          "min-width": "120"
        }),
        _createVNode(_component_el_table_column, {
          prop: "name",
          label: "被投诉人",
          "min-width": "80"
        }),
        _createVNode(_component_el_table_column, {
          label: "类别",
          "min-width": "80"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(COMPLAINT_CATEGORY)[row.category] ?? row.category), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          prop: "summary",
          label: "内容",
          "min-width": "200"
        }),
        _createVNode(_component_el_table_column, {
          label: "情节",
          "min-width": "130"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_radio_group, {
              modelValue: severity.value[row.caseId],
              "onUpdate:modelValue": ($event: any) => ((severity.value[row.caseId]) = $event),
              size: "small",
              "aria-label": `${row.caseId} 情节`
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_radio_button, { value: "minor" }, {
                  default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
                    _createTextVNode("一般", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }),
                _createVNode(_component_el_radio_button, { value: "serious" }, {
                  default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                    _createTextVNode("严重", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                })
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["modelValue", "onUpdate:modelValue", "aria-label"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "裁定",
          "min-width": "170"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_button, {
              size: "small",
              type: "danger",
              class: "verdict-substantiated",
              onClick: ($event: any) => (verdict(row, 'substantiated'))
            }, {
              default: _withCtx(() => [...(_cache[5] || (_cache[5] = [
                _createTextVNode("属实", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["onClick"]),
            _createVNode(_component_el_button, {
              size: "small",
              class: "verdict-unsubstantiated",
              onClick: ($event: any) => (verdict(row, 'unsubstantiated'))
            }, {
              default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                _createTextVNode("不属实", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["onClick"])
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])), [
      [_directive_loading, loading.value]
    ])
  ]))
}
}

})