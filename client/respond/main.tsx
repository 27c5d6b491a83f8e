import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { version } from '../../package.json';
import '../shared/shared.css';
import './respond.css';
import { App } from './App';
import { inlinedLink } from './link';

/** The link's token is the last part of the path: /s/<token>. */
const token = decodeURIComponent(window.location.pathname.replace(/^\/s\//, '').replace(/\/+$/, ''));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App token={token} appVersion={`respond/${version}`} inlined={inlinedLink(document)} />
  </StrictMode>,
);
