// generated from web/src/App.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, createTextVNode as _createTextVNode, withModifiers as _withModifiers, createElementBlock as _createElementBlock, unref as _unref, renderList as _renderList, Fragment as _Fragment, toDisplayString as _toDisplayString, resolveDynamicComponent as _resolveDynamicComponent, mergeProps as _mergeProps } from "vue"

const _hoisted_1 = {
  key: 0,
  class: "page",
  style: {"max-width":"420px","margin":"10vh auto"}
}
const _hoisted_2 = { "aria-label": "主菜单" }
const _hoisted_3 = { class: "topbar" }
const _hoisted_4 = { class: "mobile-nav" }
const _hoisted_5 = { class: "muted" }
const _hoisted_6 = {
  key: 1,
  class: "page"
}

import { computed, onMounted, ref } from 'vue';
import { ApiError, probeRole, saveKey, savedKey, type Role } from './api';
import { ROLE } from './labels';
import { HOME, PAGES } from './pages';
import { go, route } from './router';


export default /*@__PURE__*/_defineComponent({
  __name: 'App',
  setup(__props) {

const role = ref<Role | null>(null);
const keyInput = ref('');
const signingIn = ref(false);
const error = ref('');
const ready = ref(false);

const visible = computed(() => PAGES.filter((p) => role.value && p.roles.includes(role.value)));
const menu = computed(() => visible.value.filter((p) => p.menu));
const page = computed(() => visible.value.find((p) => p.path === route.path));

async function signIn(key: string): Promise<void> {
  signingIn.value = true;
  error.value = '';
  try {
    const r = await probeRole(key);
    if (!r) {
      error.value = '密钥无效或已被删除';
      saveKey(null);
      return;
    }
    if (r === 'screen') {
      error.value = '大屏密钥只能用于大厅大屏：/screen/main?key=…';
      return;
    }
    saveKey(key);
    role.value = r;
    if (!PAGES.some((p) => p.path === route.path && p.roles.includes(r))) go(HOME[r]);
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : '无法连接服务';
  } finally {
    signingIn.value = false;
  }
}

function signOut(): void {
  saveKey(null);
  role.value = null;
  keyInput.value = '';
}

onMounted(async () => {
  const k = savedKey();
  if (k) await signIn(k);
  ready.value = true;
});

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_card = _resolveComponent("el-card")!
  const _component_el_menu_item = _resolveComponent("el-menu-item")!
  const _component_el_menu = _resolveComponent("el-menu")!
  const _component_el_aside = _resolveComponent("el-aside")!
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_empty = _resolveComponent("el-empty")!
  const _component_el_main = _resolveComponent("el-main")!
  const _component_el_container = _resolveComponent("el-container")!

  return (ready.value && !role.value)
    ? (_openBlock(), _createElementBlock("main", _hoisted_1, [
        _createVNode(_component_el_card, null, {
          default: _withCtx(() => [
            _cache[5] || (_cache[5] = _createElementVNode("h1", null, "政务服务大厅考核管理", -1 /* CACHED */)),
            _cache[6] || (_cache[6] = _createElementVNode("p", { class: "muted" }, "请输入管理员、巡查员或派驻部门的访问密钥。", -1 /* CACHED */)),
            _createVNode(_component_el_form, {
              onSubmit: _cache[1] || (_cache[1] = _withModifiers(($event: any) => (signIn(keyInput.value)), ["prevent"])),
              "label-position": "top"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_form_item, {
                  label: "访问密钥",
                  for: "key-input"
                }, {
                  default: _withCtx(() => [
                    _createVNode(_component_el_input, {
                      id: "key-input",
                      modelValue: keyInput.value,
                      "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((keyInput).value = $event)),
                      type: "password",
                      "show-password": "",
                      autocomplete: "current-password"
                    }, null, 8 /* PROPS */, ["modelValue"])
                  ]),
                  _: 1 /* STABLE */
                }),
                (error.value)
                  ? (_openBlock(), _createBlock(_component_el_alert, {
                      key: 0,
                      title: error.value,
                      type: "error",
                      closable: false,
                      "show-icon": "",
                      style: {"margin-bottom":"12px"}
                    }, null, 8 /* PROPS */, ["title"]))
                  : _createCommentVNode("v-if", true),
                _createVNode(_component_el_button, {
                  type: "primary",
                  "native-type": "submit",
                  loading: signingIn.value,
                  style: {"width":"100%"}
                }, {
                  default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                    _createTextVNode("登录", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }, 8 /* PROPS */, ["loading"])
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        })
      ]))
    : (role.value)
      ? (_openBlock(), _createBlock(_component_el_container, {
          key: 1,
          class: "layout"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_aside, {
              width: "200px",
              class: "aside"
            }, {
              default: _withCtx(() => [
                _cache[7] || (_cache[7] = _createElementVNode("div", { class: "brand" }, "大厅考核管理", -1 /* CACHED */)),
                _createElementVNode("nav", _hoisted_2, [
                  _createVNode(_component_el_menu, {
                    "default-active": _unref(route).path,
                    onSelect: _cache[2] || (_cache[2] = (p) => _unref(go)(p))
                  }, {
                    default: _withCtx(() => [
                      (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(menu.value, (p) => {
                        return (_openBlock(), _createBlock(_component_el_menu_item, {
                          key: p.path,
                          index: p.path
                        }, {
                          default: _withCtx(() => [
                            _createTextVNode(_toDisplayString(p.title), 1 /* TEXT */)
                          ]),
                          _: 2 /* DYNAMIC */
                        }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["index"]))
                      }), 128 /* KEYED_FRAGMENT */))
                    ]),
                    _: 1 /* STABLE */
                  }, 8 /* PROPS */, ["default-active"])
                ])
              ]),
              _: 1 /* STABLE */
            }),
            _createVNode(_component_el_container, { direction: "vertical" }, {
              default: _withCtx(() => [
                _createElementVNode("header", _hoisted_3, [
                  _createElementVNode("div", _hoisted_4, [
                    _createVNode(_component_el_select, {
                      "model-value": _unref(route).path,
                      "aria-label": "页面",
                      style: {"width":"150px"},
                      onChange: _cache[3] || (_cache[3] = (p) => _unref(go)(p))
                    }, {
                      default: _withCtx(() => [
                        (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(menu.value, (p) => {
                          return (_openBlock(), _createBlock(_component_el_option, {
                            key: p.path,
                            label: p.title,
                            value: p.path
                          }, null, 8 /* PROPS */, ["label", "value"]))
                        }), 128 /* KEYED_FRAGMENT */))
                      ]),
                      _: 1 /* STABLE */
                    }, 8 /* PROPS */, ["model-value"])
                  ]),
                  _createElementVNode("strong", null, _toDisplayString(page.value?.title ?? ''), 1 /* TEXT */),
                  _createElementVNode("span", _hoisted_5, [
                    _createTextVNode(_toDisplayString(_unref(ROLE)[role.value]) + " ", 1 /* TEXT */),
                    _createVNode(_component_el_button, {
                      link: "",
                      type: "primary",
                      onClick: signOut
                    }, {
                      default: _withCtx(() => [...(_cache[8] || (_cache[8] = [
                        _createTextVNode("退出", -1 /* CACHED */)
                      ]))]),
                      _: 1 /* STABLE */
                    })
                  ])
                ]),
                _createVNode(_component_el_main, { style: {"padding":"0"} }, {
                  default: _withCtx(() => [
                    (page.value)
                      ? (_openBlock(), _createBlock(_resolveDynamicComponent(page.value.component), _mergeProps({ key: 0 }, page.value.props ?? {}, { "key-role": role.value }), null, 16 /* FULL_PROPS */, ["key-role"]))
                      : (_openBlock(), _createElementBlock("div", _hoisted_6, [
                          _createVNode(_component_el_empty, { description: "没有这个页面，或当前密钥无权查看" })
                        ]))
                  ]),
                  _: 1 /* STABLE */
                })
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        }))
      : _createCommentVNode("v-if", true)
}
}

})