import { render } from 'preact';
import { App } from './components/App.js';
import { loadMe } from './store.js';
import './styles.css';

void loadMe();
render(<App />, document.getElementById('app')!);
