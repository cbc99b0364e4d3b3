import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StoreProvider } from '../state';
import { App } from './App';
import { bootstrap } from './bootstrap';
import '../styles/app.css';

const store = bootstrap();
const root = document.getElementById('root');
if (!root) throw new Error('index.html: no element with id "root" to mount the app in');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
