/** The app inside the widget's frame (`/widget/frame?widget=<id>`). */
import { render } from 'preact';
import { App } from './app.js';
import { boot } from './store.js';
import './styles.css';

void boot();
render(<App />, document.getElementById('app')!);
