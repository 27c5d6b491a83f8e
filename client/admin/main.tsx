import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/shared.css';
import '../analyst/analyst.css';
import './admin.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
