// generated from web/src/pages/Devices.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, createTextVNode as _createTextVNode, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, unref as _unref, toDisplayString as _toDisplayString, resolveDirective as _resolveDirective, withDirectives as _withDirectives, withModifiers as _withModifiers, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }

import { ElMessage } from 'element-plus';
import { onMounted, reactive, ref } from 'vue';
import { api, ApiError, type Devices } from '../api';
import { DEVICE_STATUS, dt } from '../labels';

type Device = Devices['devices'][number];

export default /*@__PURE__*/_defineComponent({
  __name: 'Devices',
  setup(__props) {

/**
 * Attendance devices (CONTRACT.md §9): registered and pending ones with their health. Approving a
 * pending device registers it as an attendance source with its SN; the API then ingests the punches it
 * kept while pending.
 */
const devices = ref<Device[]>([]);
const status = ref<'' | 'pending' | 'registered'>('');
const loading = ref(false);
const error = ref('');
const dialog = reactive({ open: false, sn: '', sourceId: '', saving: false });

async function load(): Promise<void> {
  loading.value = true;
  error.value = '';
  try {
    devices.value = (await api.devices(status.value || undefined)).devices;
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  } finally {
    loading.value = false;
  }
}
function approve(d: Device): void {
  // A source id is an API id ([A-Za-z0-9._:-]); the SN is usually one already.
  Object.assign(dialog, { open: true, sn: d.sn, sourceId: `device-${d.sn.replace(/[^A-Za-z0-9._:-]/g, '-').toLowerCase()}`.slice(0, 128) });
}
async function register(): Promise<void> {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(dialog.sourceId)) return void ElMessage.warning('来源编号只能包含字母、数字和 . _ : -');
  dialog.saving = true;
  try {
    await api.put('sources', dialog.sourceId, { kind: 'attendance', deviceSn: dialog.sn });
    ElMessage.success(`考勤机 ${dialog.sn} 已登记，待审批期间的打卡记录已计入`);
    dialog.open = false;
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    dialog.saving = false;
  }
}
const info = (d: Device) =>
  [d.info?.firmware && `固件 ${d.info.firmware}`, d.info?.users !== undefined && `人员 ${d.info.users}`, d.info?.attlogs !== undefined && `记录 ${d.info.attlogs}`, d.info?.ip && `IP ${d.info.ip}`]
    .filter(Boolean)
    .join('，') || '—';
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_tag = _resolveComponent("el-tag")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_dialog = _resolveComponent("el-dialog")!
  const _directive_loading = _resolveDirective("loading")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[12] || (_cache[12] = _createElementVNode("h1", null, "考勤设备", -1 /* CACHED */)),
    _cache[13] || (_cache[13] = _createElementVNode("p", { class: "muted" }, "未登记的考勤机首次连接后列为“待审批”，其打卡记录暂存不计分；批准即登记为考勤来源，暂存记录随即计入。", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _cache[5] || (_cache[5] = _createElementVNode("label", {
        class: "muted",
        for: "device-status"
      }, "状态", -1 /* CACHED */)),
      _createVNode(_component_el_select, {
        id: "device-status",
        modelValue: status.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((status).value = $event)),
        placeholder: "全部",
        style: {"width":"140px"},
        onChange: load
      }, {
        default: _withCtx(() => [
          _createVNode(_component_el_option, {
            label: "全部",
            value: ""
          }),
          _createVNode(_component_el_option, {
            label: "待审批",
            value: "pending"
          }),
          _createVNode(_component_el_option, {
            label: "已登记",
            value: "registered"
          })
        ]),
        _: 1 /* STABLE */
      }, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, { onClick: load }, {
        default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
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
      data: devices.value,
      class: "device-list",
      "empty-text": "暂无考勤设备连接"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "sn",
          label: "序列号",
          "min-width": "130"
        }),
        _createVNode(_component_el_table_column, {
          label: "状态",
          "min-width": "110"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_tag, {
              size: "small",
              type: row.status === 'pending' ? 'warning' : 'success'
            }, {
              default: _withCtx(() => [
                _createTextVNode(_toDisplayString(_unref(DEVICE_STATUS)[row.status]), 1 /* TEXT */)
              ]),
              _: 2 /* DYNAMIC */
            }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["type"]),
            (row.stale)
              ? (_openBlock(), _createBlock(_component_el_tag, {
                  key: 0,
                  size: "small",
                  type: "danger",
                  style: {"margin-left":"4px"}
                }, {
                  default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                    _createTextVNode("失联", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }))
              : _createCommentVNode("v-if", true)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "考勤来源",
          "min-width": "120"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.sourceId ?? '—'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "最后通讯",
          "min-width": "130"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(dt)(row.lastSeen)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "最近上传打卡",
          "min-width": "130"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(dt)(row.lastAttlogAt)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "设备信息",
          "min-width": "200"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(info(row)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "打卡行（入库/重复/未匹配/拒收）",
          "min-width": "200"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.lines.stored) + " / " + _toDisplayString(row.lines.duplicate) + " / " + _toDisplayString(row.lines.unmatched) + " / " + _toDisplayString(row.lines.rejected), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "操作",
          "min-width": "90"
        }, {
          default: _withCtx(({ row }) => [
            (row.status === 'pending')
              ? (_openBlock(), _createBlock(_component_el_button, {
                  key: 0,
                  size: "small",
                  type: "primary",
                  onClick: ($event: any) => (approve(row))
                }, {
                  default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
                    _createTextVNode("批准", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }, 8 /* PROPS */, ["onClick"]))
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
      "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((dialog.open) = $event)),
      title: "批准考勤机",
      width: "420px"
    }, {
      footer: _withCtx(() => [
        _createVNode(_component_el_button, {
          onClick: _cache[2] || (_cache[2] = ($event: any) => (dialog.open = false))
        }, {
          default: _withCtx(() => [...(_cache[10] || (_cache[10] = [
            _createTextVNode("取消", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_button, {
          type: "primary",
          loading: dialog.saving,
          onClick: register
        }, {
          default: _withCtx(() => [...(_cache[11] || (_cache[11] = [
            _createTextVNode("确认登记", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }, 8 /* PROPS */, ["loading"])
      ]),
      default: _withCtx(() => [
        _createElementVNode("p", null, [
          _cache[8] || (_cache[8] = _createTextVNode("序列号 ", -1 /* CACHED */)),
          _createElementVNode("strong", null, _toDisplayString(dialog.sn), 1 /* TEXT */),
          _cache[9] || (_cache[9] = _createTextVNode(" 将登记为考勤来源。", -1 /* CACHED */))
        ]),
        _createVNode(_component_el_form, {
          "label-position": "top",
          onSubmit: _withModifiers(register, ["prevent"])
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_form_item, {
              label: "来源编号",
              for: "device-source-id"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_input, {
                  id: "device-source-id",
                  modelValue: dialog.sourceId,
                  "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((dialog.sourceId) = $event))
                }, null, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["modelValue"])
  ]))
}
}

})