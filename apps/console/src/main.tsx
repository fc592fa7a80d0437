import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main id="main">
      <h1>Pupil tracking console</h1>
    </main>
  </StrictMode>,
);
