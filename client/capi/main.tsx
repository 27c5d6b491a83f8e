import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { version } from '../../package.json';
import '../shared/shared.css';
import './capi.css';
import { App } from './App';

const APP_VERSION = `capi/${version}`;

/**
 * Registers the service worker; reports whether it controls this page (only then do fetches fill its
 * offline copies) and whether a newer version has taken over.
 */
function useServiceWorker(): { controlled: boolean; updateReady: boolean } {
  const [controlled, setControlled] = useState(() => 'serviceWorker' in navigator && Boolean(navigator.serviceWorker.controller));
  const [updateReady, setUpdateReady] = useState(false);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const hadController = Boolean(navigator.serviceWorker.controller);
    const onControllerChange = () => {
      setControlled(true);
      if (hadController) setUpdateReady(true);
    };
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
    navigator.serviceWorker.register('/capi/sw.js', { scope: '/capi' }).catch((error: unknown) => console.error('Service worker registration failed', error));
    return () => navigator.serviceWorker.removeEventListener('controllerchange', onControllerChange);
  }, []);
  return { controlled, updateReady };
}

function Root() {
  const { controlled, updateReady } = useServiceWorker();
  return <App appVersion={APP_VERSION} offlineCapable={controlled} updateReady={updateReady} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
