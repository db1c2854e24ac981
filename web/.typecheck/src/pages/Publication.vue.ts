// generated from web/src/pages/Publication.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createVNode as _createVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, unref as _unref, toDisplayString as _toDisplayString, createElementBlock as _createElementBlock, Fragment as _Fragment } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }
const _hoisted_3 = {
  key: 2,
  class: "muted"
}
const _hoisted_4 = ["srcdoc"]

import { ElMessage, ElMessageBox } from 'element-plus';
import { onMounted, ref } from 'vue';
import { api, ApiError, currentMonth, type Mails, type PublicationPreview } from '../api';
import { MAIL_STATUS } from '../labels';
import PeriodPicker from '../components/PeriodPicker.vue';
import { periodLabel } from '../periods';


export default /*@__PURE__*/_defineComponent({
  __name: 'Publication',
  setup(__props) {

/**
 * Publication review (CONTRACT.md §12): under the rule set's `publication: "review"` a close holds its
 * mails; here the office reads them (GET /v1/close/{period}/preview) and sends them (POST
 * /v1/publish/{period}). A service whose API does not offer the routes yet gets a plain message
 * instead of an error (detected by the route's absence: the local server's "no route", API Gateway's
 * bare 404).
 */
const period = ref(currentMonth());
const preview = ref<PublicationPreview | null>(null);
const held = ref<Mails['mails']>([]);
const unavailable = ref(false);
const notice = ref('');
const opened = ref<number | null>(null);
const busy = ref(false);

/** A 404 that means "this service has no such route", not "nothing held for this period". */
const missingRoute = (e: unknown) => e instanceof ApiError && (e.status === 405 || (e.status === 404 && (e.code !== 'not-found' || /^no route/.test(e.message))));

async function load(): Promise<void> {
  notice.value = '';
  preview.value = null;
  opened.value = null;
  try {
    held.value = (await api.mails(period.value)).mails.filter((m) => m.status === 'held');
  } catch {
    held.value = [];
  }
  busy.value = true;
  try {
    preview.value = await api.previewClose(period.value);
  } catch (e) {
    if (missingRoute(e)) unavailable.value = true;
    else if (e instanceof ApiError && (e.status === 404 || e.status === 409)) notice.value = `${periodLabel(period.value)}没有待审核的邮件（尚未归档，或已直接发布）。`;
    else notice.value = e instanceof ApiError ? e.message : String(e);
  } finally {
    busy.value = false;
  }
}

async function publish(): Promise<void> {
  try {
    await ElMessageBox.confirm(`向各派驻部门发送 ${periodLabel(period.value)} 的考核结果邮件？发送后不可撤回。`, '确认发布', { confirmButtonText: '发布', cancelButtonText: '取消' });
  } catch {
    return;
  }
  try {
    const r = await api.publish(period.value);
    ElMessage.success(r.emails ? `已发布第 ${r.version} 版，发送邮件 ${r.emails} 封` : '该版本已发布过，未重复发送');
    await load();
  } catch (e) {
    if (missingRoute(e)) unavailable.value = true;
    else ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}
onMounted(async () => {
  // Ask the API's own description first: a service without §12's publication routes says so at once.
  try {
    const doc = await api.openapi();
    if (!doc.paths['/v1/close/{period}/preview']) unavailable.value = true;
  } catch {
    /* the preview call below decides */
  }
});

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[3] || (_cache[3] = _createElementVNode("h1", null, "发布审核", -1 /* CACHED */)),
    _cache[4] || (_cache[4] = _createElementVNode("p", { class: "muted" }, "考核规则设为“发布前审核”时，归档后邮件暂缓发送：在此预览各派驻部门的邮件，确认无误后发布。", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _createVNode(PeriodPicker, {
        id: "publication-period",
        modelValue: period.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((period).value = $event))
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, {
        type: "primary",
        loading: busy.value,
        onClick: load
      }, {
        default: _withCtx(() => [...(_cache[1] || (_cache[1] = [
          _createTextVNode("预览邮件", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      }, 8 /* PROPS */, ["loading"]),
      (preview.value)
        ? (_openBlock(), _createBlock(_component_el_button, {
            key: 0,
            type: "danger",
            onClick: publish
          }, {
            default: _withCtx(() => [...(_cache[2] || (_cache[2] = [
              _createTextVNode("发布", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          }))
        : _createCommentVNode("v-if", true)
    ]),
    (unavailable.value)
      ? (_openBlock(), _createBlock(_component_el_alert, {
          key: 0,
          class: "publication-unavailable",
          type: "info",
          closable: false,
          "show-icon": "",
          title: "本服务暂未提供发布审核接口",
          description: "发布审核（归档后暂缓发送、预览、发布）尚未在此服务上启用；当前归档即直接发送邮件，已发送的邮件可在“考核周期与邮件”页查看和下载。"
        }))
      : (notice.value)
        ? (_openBlock(), _createBlock(_component_el_alert, {
            key: 1,
            type: "info",
            closable: false,
            title: notice.value
          }, null, 8 /* PROPS */, ["title"]))
        : _createCommentVNode("v-if", true),
    (held.value.length)
      ? (_openBlock(), _createElementBlock("p", _hoisted_3, "暂缓发布的邮件：" + _toDisplayString(held.value.map((m) => `${m.departmentId}（第${m.version}版，${_unref(MAIL_STATUS)[m.status]}）`).join('，')), 1 /* TEXT */))
      : _createCommentVNode("v-if", true),
    (preview.value)
      ? (_openBlock(), _createElementBlock(_Fragment, { key: 3 }, [
          _createElementVNode("p", null, _toDisplayString(_unref(periodLabel)(preview.value.period)) + " 第 " + _toDisplayString(preview.value.version) + " 版，共 " + _toDisplayString(preview.value.mails.length) + " 封邮件待发布。", 1 /* TEXT */),
          _createVNode(_component_el_table, {
            data: preview.value.mails,
            class: "preview-mails"
          }, {
            default: _withCtx(() => [
              _createVNode(_component_el_table_column, {
                prop: "departmentId",
                label: "派驻部门",
                "min-width": "100"
              }),
              _createVNode(_component_el_table_column, {
                prop: "subject",
                label: "主题",
                "min-width": "240"
              }),
              _createVNode(_component_el_table_column, {
                label: "收件人",
                "min-width": "180"
              }, {
                default: _withCtx(({ row }) => [
                  _createTextVNode(_toDisplayString(row.to.join('，')), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_table_column, {
                label: "",
                "min-width": "80"
              }, {
                default: _withCtx(({ $index }) => [
                  _createVNode(_component_el_button, {
                    link: "",
                    type: "primary",
                    onClick: ($event: any) => (opened.value = opened.value === $index ? null : $index)
                  }, {
                    default: _withCtx(() => [
                      _createTextVNode(_toDisplayString(opened.value === $index ? '收起' : '查看正文'), 1 /* TEXT */)
                    ]),
                    _: 2 /* DYNAMIC */
                  }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["onClick"])
                ]),
                _: 1 /* STABLE */
              })
            ]),
            _: 1 /* STABLE */
          }, 8 /* PROPS */, ["data"]),
          _createCommentVNode(" The mail's own HTML, isolated in a sandboxed frame (no scripts, no access to the console). "),
          (opened.value !== null)
            ? (_openBlock(), _createElementBlock("iframe", {
                key: 0,
                class: "mail-body",
                title: "邮件正文",
                sandbox: "",
                srcdoc: preview.value.mails[opened.value]?.html,
                style: {"width":"100%","height":"480px","border":"1px solid #e5e6eb","margin-top":"12px","background":"#fff"}
              }, null, 8 /* PROPS */, _hoisted_4))
            : _createCommentVNode("v-if", true)
        ], 64 /* STABLE_FRAGMENT */))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})