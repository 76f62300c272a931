import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from 'react-aria-components';
import { App } from './app/App';
import { useUi } from './app/store';
import './styles.css';

/** react-aria's own words (what a screen reader hears: "8 options available") follow the app's language, not the machine's. */
function Locale({ children }: { children: ReactNode }) {
  const lang = useUi((s) => s.lang);
  return <I18nProvider locale={lang === 'en' ? 'en-GB' : 'da-DK'}>{children}</I18nProvider>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Locale>
      <App />
    </Locale>
  </StrictMode>,
);
