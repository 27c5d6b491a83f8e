import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import '../shared/shared.css';
import './respond.css';
import { App } from './App';
import { inlinedLink } from './link';

/** The link's token is the last part of the path: /s/<token>. */
const token = decodeURIComponent(window.location.pathname.replace(/^\/s\//, '').replace(/\/+$/, ''));
const inlined = inlinedLink(document);
const app = (
  <StrictMode>
    <App token={token} inlined={inlined} />
  </StrictMode>
);
const root = document.getElementById('root')!;
// The server rendered the page from the link it inlined (server/routes/respondentPage.ts): take it over.
if (inlined) hydrateRoot(root, app);
else createRoot(root).render(app);
