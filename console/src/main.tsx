/** Start: read /config.json, configure Amplify from it, then show the console. */
import { Amplify } from "aws-amplify";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App, ConfigProblem } from "./app/App";
import { amplifyConfig, loadConfig } from "./app/config";
import { removeLegacyTokens, sessionTokens } from "./auth/storage";
import { LanguageProvider } from "./i18n/i18n";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

loadConfig()
  .then((config) => {
    Amplify.configure(amplifyConfig(config));
    // Tokens in this tab's sessionStorage, shared with the console's other tabs; never localStorage.
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sessionTokens());
    removeLegacyTokens();
    root.render(
      <StrictMode>
        <LanguageProvider>
          <App config={config} />
        </LanguageProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    console.error(error);
    root.render(
      <LanguageProvider>
        <ConfigProblem />
      </LanguageProvider>,
    );
  });
