import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { version } from '../../package.json';
import '../shared/shared.css';
import '../shared/survey.css';
import './respond.css';
import { App } from './App';

/** The link's token is the last part of the path: /s/<token>. */
const token = decodeURIComponent(window.location.pathname.replace(/^\/s\//, '').replace(/\/+$/, ''));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App token={token} appVersion={`respond/${version}`} />
  </StrictMode>,
);
