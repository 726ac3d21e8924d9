import { render } from 'preact';
import { App } from './components/App.js';
import { loadMe, me } from './store.js';
import './styles.css';

// The server marks the page when the browser has no session: the sign-in form, without asking who is signed in.
if (document.querySelector('meta[name="parley-session"][content="none"]')) me.value = null;
else void loadMe();
render(<App />, document.getElementById('app')!);
