import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { version } from '../../package.json';
import '../shared/shared.css';
import './capi.css';
import { App } from './App';

const APP_VERSION = `capi/${version}`;

/** Registers the service worker and reports when a newer version has taken over this page. */
function useServiceWorker(): boolean {
  const [updateReady, setUpdateReady] = useState(false);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const hadController = Boolean(navigator.serviceWorker.controller);
    const onControllerChange = () => hadController && setUpdateReady(true);
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
    navigator.serviceWorker.register('/capi/sw.js', { scope: '/capi' }).catch((error: unknown) => console.error('Service worker registration failed', error));
    return () => navigator.serviceWorker.removeEventListener('controllerchange', onControllerChange);
  }, []);
  return updateReady;
}

function Root() {
  const updateReady = useServiceWorker();
  return <App appVersion={APP_VERSION} updateReady={updateReady} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
