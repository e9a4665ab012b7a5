/**
 * NutUI React (Taro) components, imported one by one with their own CSS so only what we use ships.
 * Add a component here (and its style) rather than importing the whole library anywhere.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button';
export { default as Cell } from '@nutui/nutui-react-taro/dist/es/packages/cell';
export { default as CellGroup } from '@nutui/nutui-react-taro/dist/es/packages/cellgroup';
export { default as Progress } from '@nutui/nutui-react-taro/dist/es/packages/progress';
export { default as Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag';
