// generated from web/src/pages/Periods.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createVNode as _createVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, createElementBlock as _createElementBlock, toDisplayString as _toDisplayString, unref as _unref } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }
const _hoisted_3 = {
  key: 0,
  class: "toolbar"
}
const _hoisted_4 = {
  key: 1,
  class: "muted close-result"
}

import { ElMessage, ElMessageBox } from 'element-plus';
import { onMounted, ref } from 'vue';
import { api, ApiError, currentMonth, download, type Mails, type Role } from '../api';
import { MAIL_STATUS } from '../labels';
import PeriodPicker from '../components/PeriodPicker.vue';
import { periodLabel } from '../periods';


export default /*@__PURE__*/_defineComponent({
  __name: 'Periods',
  props: {
    keyRole: { type: null, required: true }
  },
  setup(__props: any) {

const props = __props;
const period = ref(currentMonth());
const day = ref('');
const mails = ref<Mails['mails']>([]);
const result = ref('');
async function load(): Promise<void> {
  try {
    mails.value = (await api.mails(period.value)).mails;
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
async function closeDay(): Promise<void> {
  if (!day.value) return;
  try {
    result.value = JSON.stringify(await api.closeDay(day.value));
    ElMessage.success(`${day.value} 已日结`);
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
async function closePeriod(): Promise<void> {
  try {
    await ElMessageBox.confirm(`归档 ${periodLabel(period.value)}（${period.value}）并向各派驻部门发送考核结果邮件？（规则为“发布前审核”时，邮件暂缓发布，可在“发布审核”页预览后发送。）`, '确认归档', { confirmButtonText: '归档并发送', cancelButtonText: '取消' });
  } catch {
    return;
  }
  try {
    result.value = JSON.stringify(await api.closePeriod(period.value));
    ElMessage.success(`${period.value} 已归档`);
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
const get = async (m: Mails['mails'][number], ext: 'eml' | 'xlsx') => {
  try {
    await download(`/v1/mails/${period.value}/${m.departmentId}/${m.version}.${ext}`, `${period.value}-${m.departmentId}-v${m.version}.${ext}`);
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
};
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[8] || (_cache[8] = _createElementVNode("h1", null, "考核周期与邮件", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _createVNode(PeriodPicker, {
        id: "period-input",
        modelValue: period.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((period).value = $event)),
        label: "周期",
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, { onClick: load }, {
        default: _withCtx(() => [...(_cache[2] || (_cache[2] = [
          _createTextVNode("查看邮件", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      }),
      (props.keyRole === 'admin')
        ? (_openBlock(), _createBlock(_component_el_button, {
            key: 0,
            type: "danger",
            onClick: closePeriod
          }, {
            default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
              _createTextVNode("归档并发送", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          }))
        : _createCommentVNode("v-if", true)
    ]),
    (props.keyRole === 'admin')
      ? (_openBlock(), _createElementBlock("div", _hoisted_3, [
          _cache[5] || (_cache[5] = _createElementVNode("label", {
            class: "muted",
            for: "day-input"
          }, "日结日期", -1 /* CACHED */)),
          _createVNode(_component_el_input, {
            id: "day-input",
            modelValue: day.value,
            "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((day).value = $event)),
            type: "date",
            style: {"width":"170px"}
          }, null, 8 /* PROPS */, ["modelValue"]),
          _createVNode(_component_el_button, { onClick: closeDay }, {
            default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
              _createTextVNode("日结", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          })
        ]))
      : _createCommentVNode("v-if", true),
    (result.value)
      ? (_openBlock(), _createElementBlock("p", _hoisted_4, _toDisplayString(result.value), 1 /* TEXT */))
      : _createCommentVNode("v-if", true),
    _createVNode(_component_el_table, {
      data: mails.value,
      class: "mails",
      "empty-text": "本周期尚未发送邮件"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "departmentId",
          label: "派驻部门"
        }),
        _createVNode(_component_el_table_column, {
          prop: "version",
          label: "版本",
          width: "70"
        }),
        _createVNode(_component_el_table_column, {
          prop: "subject",
          label: "主题",
          "min-width": "200"
        }),
        _createVNode(_component_el_table_column, { label: "收件人" }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.to.join('，')), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, { label: "状态" }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(MAIL_STATUS)[row.status] ?? row.status), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "下载",
          "min-width": "140"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_button, {
              link: "",
              type: "primary",
              class: "download-eml",
              onClick: ($event: any) => (get(row, 'eml'))
            }, {
              default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                _createTextVNode("邮件", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["onClick"]),
            _createVNode(_component_el_button, {
              link: "",
              type: "primary",
              class: "download-xlsx",
              onClick: ($event: any) => (get(row, 'xlsx'))
            }, {
              default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
                _createTextVNode("表格", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["onClick"])
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])
  ]))
}
}

})