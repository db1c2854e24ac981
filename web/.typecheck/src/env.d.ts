declare module '*.css';
declare module 'element-plus/es/locale/lang/zh-cn';
