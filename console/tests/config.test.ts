import { describe, expect, it } from "vitest";

import { amplifyConfig, ConfigError, hostsToAllow, parseConfig } from "../src/app/config";

const local = {
  api_url: "http://127.0.0.1:8000/",
  region: "eu-west-2",
  user_pool_id: "eu-west-2_abc",
  client_id: "client",
  cognito_endpoint: "http://127.0.0.1:8000/_cognito",
};

describe("config.json", () => {
  it("reads the local portal's settings and points Amplify at its Cognito endpoint", () => {
    const config = parseConfig(local);
    expect(config.apiUrl).toBe("http://127.0.0.1:8000");
    expect(amplifyConfig(config).Auth?.Cognito).toMatchObject({
      userPoolId: "eu-west-2_abc",
      userPoolClientId: "client",
      userPoolEndpoint: "http://127.0.0.1:8000/_cognito",
    });
  });

  it("leaves Cognito's own endpoint alone on AWS", () => {
    const config = parseConfig({ ...local, api_url: "https://api.example/v1", cognito_endpoint: null });
    expect(config.cognitoEndpoint).toBeNull();
    expect(amplifyConfig(config).Auth?.Cognito).not.toHaveProperty("userPoolEndpoint");
  });

  it("refuses a settings file it cannot trust", () => {
    expect(() => parseConfig([])).toThrow(ConfigError);
    expect(() => parseConfig({ ...local, client_id: "" })).toThrow(/client_id/);
    expect(() => parseConfig({ ...local, api_url: "javascript:alert(1)" })).toThrow(/api_url/);
    expect(() => parseConfig({ ...local, cognito_endpoint: "not a url" })).toThrow(/cognito_endpoint/);
  });

  it("reads each service's address, the sender and whom to contact; null where a stage has none", () => {
    const config = parseConfig({
      ...local,
      services: { entries: "https://entries.example.org/portal", results: null },
      sender: "portal-no-reply@portal.example.org",
      helpdesk_email: "ithelpdesk@example.org",
      portal_team_email: null,
    });
    expect(config.services).toEqual({ entries: "https://entries.example.org/portal", results: null });
    expect(config.sender).toBe("portal-no-reply@portal.example.org");
    expect(config.helpdeskEmail).toBe("ithelpdesk@example.org");
    expect(config.portalTeamEmail).toBeNull();
    expect(parseConfig(local).services).toEqual({});
    expect(() => parseConfig({ ...local, services: { entries: "javascript:alert(1)" } })).toThrow(/entries/);
    expect(() => parseConfig({ ...local, services: ["x"] })).toThrow(/services/);
    expect(() => parseConfig({ ...local, sender: "Not an address" })).toThrow(/sender/);
  });

  it("names the hosts a centre must allow: Cognito's and the API's", () => {
    expect(hostsToAllow(parseConfig({ ...local, api_url: "https://api.example/v1", cognito_endpoint: null }))).toEqual([
      "https://cognito-idp.eu-west-2.amazonaws.com/",
      "https://api.example/",
    ]);
    expect(hostsToAllow(parseConfig(local))).toEqual(["http://127.0.0.1:8000/"]);
  });
});
