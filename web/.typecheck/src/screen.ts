/** The hall screen (大屏): 1920×1080, refreshes every 30 s, signs in once with ?key=… (kept by the browser). */
import { createApp } from 'vue';
import Screen from './Screen.vue';
import './screen.css';

createApp(Screen).mount('#screen');
