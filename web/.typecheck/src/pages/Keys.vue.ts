// generated from web/src/pages/Keys.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, unref as _unref, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, createTextVNode as _createTextVNode, withModifiers as _withModifiers, toDisplayString as _toDisplayString } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "new-key" }

import { ElMessage, ElMessageBox } from 'element-plus';
import { onMounted, reactive, ref } from 'vue';
import { api, ApiError, type Department, type Keys, type NewKey, type WithId } from '../api';
import { ROLE } from '../labels';


export default /*@__PURE__*/_defineComponent({
  __name: 'Keys',
  setup(__props) {

const keys = ref<Keys['keys']>([]);
const departments = ref<WithId<Department>[]>([]);
const form = reactive({ name: '', role: 'inspector' as 'admin' | 'inspector' | 'department' | 'screen', departmentId: '' });
const created = ref<NewKey | null>(null);
const load = async () => (keys.value = (await api.keys()).keys);
async function create(): Promise<void> {
  try {
    created.value = await api.createKey({ name: form.name, role: form.role, ...(form.role === 'department' ? { departmentId: form.departmentId } : {}) });
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? `${e.message}：${e.errors.map((x) => `${x.path} ${x.message}`).join('；')}` : String(e));
  }
}
async function remove(id: string, name: string): Promise<void> {
  try {
    await ElMessageBox.confirm(`删除密钥“${name}”？删除后立即失效。`, '删除密钥', { confirmButtonText: '删除', cancelButtonText: '取消', type: 'warning' });
  } catch {
    return;
  }
  await api.deleteKey(id);
  await load();
}
onMounted(async () => {
  await load();
  departments.value = (await api.list('departments')) as WithId<Department>[];
});

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_card = _resolveComponent("el-card")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[5] || (_cache[5] = _createElementVNode("h1", null, "访问密钥", -1 /* CACHED */)),
    _createVNode(_component_el_card, {
      shadow: "never",
      style: {"margin-bottom":"12px"}
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_form, {
          inline: "",
          onSubmit: _withModifiers(create, ["prevent"])
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_form_item, {
              label: "名称",
              for: "key-name"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_input, {
                  id: "key-name",
                  modelValue: form.name,
                  "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((form.name) = $event))
                }, null, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            }),
            _createVNode(_component_el_form_item, { label: "角色" }, {
              default: _withCtx(() => [
                _createVNode(_component_el_select, {
                  modelValue: form.role,
                  "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((form.role) = $event)),
                  style: {"width":"130px"},
                  "aria-label": "角色"
                }, {
                  default: _withCtx(() => [
                    (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(ROLE), (label, r) => {
                      return (_openBlock(), _createBlock(_component_el_option, {
                        key: r,
                        label: label,
                        value: r
                      }, null, 8 /* PROPS */, ["label", "value"]))
                    }), 128 /* KEYED_FRAGMENT */))
                  ]),
                  _: 1 /* STABLE */
                }, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            }),
            (form.role === 'department')
              ? (_openBlock(), _createBlock(_component_el_form_item, {
                  key: 0,
                  label: "部门"
                }, {
                  default: _withCtx(() => [
                    _createVNode(_component_el_select, {
                      modelValue: form.departmentId,
                      "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((form.departmentId) = $event)),
                      style: {"width":"150px"},
                      "aria-label": "部门"
                    }, {
                      default: _withCtx(() => [
                        (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(departments.value, (d) => {
                          return (_openBlock(), _createBlock(_component_el_option, {
                            key: d.id,
                            label: d.name,
                            value: d.id
                          }, null, 8 /* PROPS */, ["label", "value"]))
                        }), 128 /* KEYED_FRAGMENT */))
                      ]),
                      _: 1 /* STABLE */
                    }, 8 /* PROPS */, ["modelValue"])
                  ]),
                  _: 1 /* STABLE */
                }))
              : _createCommentVNode("v-if", true),
            _createVNode(_component_el_button, {
              type: "primary",
              "native-type": "submit"
            }, {
              default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
                _createTextVNode("生成密钥", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        }),
        (created.value)
          ? (_openBlock(), _createBlock(_component_el_alert, {
              key: 0,
              type: "success",
              closable: false,
              "show-icon": "",
              title: `密钥“${created.value.name}”已生成，只显示这一次，请妥善保存：`
            }, {
              default: _withCtx(() => [
                _createElementVNode("code", _hoisted_2, _toDisplayString(created.value.key), 1 /* TEXT */)
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["title"]))
          : _createCommentVNode("v-if", true)
      ]),
      _: 1 /* STABLE */
    }),
    _createVNode(_component_el_table, {
      data: keys.value,
      "empty-text": "还没有密钥"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "name",
          label: "名称"
        }),
        _createVNode(_component_el_table_column, { label: "角色" }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(ROLE)[row.role]), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          prop: "departmentId",
          label: "部门"
        }),
        _createVNode(_component_el_table_column, {
          prop: "createdAt",
          label: "创建时间",
          "min-width": "160"
        }),
        _createVNode(_component_el_table_column, { label: "" }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_button, {
              link: "",
              type: "danger",
              onClick: ($event: any) => (remove(row.id, row.name))
            }, {
              default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                _createTextVNode("删除", -1 /* CACHED */)
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