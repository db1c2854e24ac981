/** The hall office console (Simplified Chinese, Element Plus with its zh-CN locale). */
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import './console.css';

createApp(App).use(ElementPlus, { locale: zhCn }).mount('#app');
