// A local stand-in for one of the board's services (local/services.py): it shows what the
// service's backend learnt from Portal about the person who followed the tile. The token is the
// console's own session, which the console keeps in its tab's sessionStorage (console/src/auth/
// storage.ts): this page, opened from a tile in the same tab, reads it there; opened in a tab of
// its own, it asks the console's open tabs for it as a new console tab does.
const WORDS = {
  en: {
    local: "A local stand-in for this service (make run). Its backend verified your Portal token and asked Portal what you may do here.",
    who: "You",
    centre: "Centre",
    access: "Access",
    full: "Full access",
    view: "View only",
    none: "No access: the service refuses you here",
    opens: "Opens {when}",
    signedOut: "You are not signed in to Portal. Sign in first, then open this service from its tile.",
    ended: "Your Portal session has ended. Sign in to Portal again.",
    forbidden: "You are not a member of this centre: the service refuses you.",
    failed: "Portal could not be asked: {detail}",
    back: "Back to Portal",
  },
  cy: {
    local: "Fersiwn leol o'r gwasanaeth hwn (make run). Mae ei ochr gefn wedi dilysu eich tocyn Portal ac wedi gofyn i Portal beth gewch chi ei wneud yma.",
    who: "Chi",
    centre: "Canolfan",
    access: "Mynediad",
    full: "Mynediad llawn",
    view: "Gweld yn unig",
    none: "Dim mynediad: mae'r gwasanaeth yn eich gwrthod yma",
    opens: "Yn agor {when}",
    signedOut: "Nid ydych wedi mewngofnodi i Portal. Mewngofnodwch yn gyntaf, yna agorwch y gwasanaeth hwn o'i deilsen.",
    ended: "Mae eich sesiwn Portal wedi dod i ben. Mewngofnodwch i Portal eto.",
    forbidden: "Nid ydych yn aelod o'r ganolfan hon: mae'r gwasanaeth yn eich gwrthod.",
    failed: "Nid oedd modd gofyn i Portal: {detail}",
    back: "Yn ôl i Portal",
  },
};

const params = new URLSearchParams(window.location.search);
const language = params.get("language") === "cy" ? "cy" : "en";
const words = WORDS[language];
const service = window.location.pathname.split("/").filter(Boolean)[2] ?? "";
document.documentElement.lang = language;

function say(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** The console's access token: Amplify v6 keeps it under CognitoIdentityServiceProvider.<client>.<user>. */
function tokenIn(entries) {
  for (const [key, user] of Object.entries(entries)) {
    if (key.startsWith("CognitoIdentityServiceProvider.") && key.endsWith(".LastAuthUser")) {
      const prefix = key.slice(0, -".LastAuthUser".length);
      const token = entries[`${prefix}.${user}.accessToken`];
      if (token) return token;
    }
  }
  return null;
}

function thisTab() {
  const entries = {};
  for (let i = 0; i < window.sessionStorage.length; i++) {
    const key = window.sessionStorage.key(i) ?? "";
    entries[key] = window.sessionStorage.getItem(key) ?? "";
  }
  return entries;
}

/** The console's other tabs hand their session over the channel auth/storage.ts uses. */
function otherTabs(wait = 300) {
  if (typeof BroadcastChannel === "undefined") return Promise.resolve({});
  return new Promise((resolve) => {
    const channel = new BroadcastChannel("portal-session");
    const done = (entries) => {
      channel.close();
      resolve(entries);
    };
    channel.onmessage = (event) => {
      if (event.data?.type === "share") done(event.data.entries ?? {});
    };
    setTimeout(() => done({}), wait);
    channel.postMessage({ type: "ask" });
  });
}

async function accessToken() {
  return tokenIn(thisTab()) ?? tokenIn(await otherTabs());
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

function facts(rows) {
  const list = document.createElement("dl");
  for (const [term, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset.fact = term;
    list.append(dt, dd);
  }
  return list;
}

async function show() {
  const answer = document.getElementById("answer");
  document.getElementById("local").textContent = words.local;
  document.getElementById("back").textContent = words.back;
  document.getElementById("title").textContent = service;
  const token = await accessToken();
  if (!token) {
    answer.replaceChildren(paragraph(words.signedOut));
    return;
  }
  const query = new URLSearchParams({ centre_id: params.get("centre_id") ?? "" });
  if (params.get("series_id")) query.set("series_id", params.get("series_id"));
  const response = await fetch(`/_local/services/${encodeURIComponent(service)}/access?${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = await response.json();
  if (response.status === 401) {
    answer.replaceChildren(paragraph(words.ended));
    return;
  }
  if (response.status === 403) {
    answer.replaceChildren(paragraph(words.forbidden));
    return;
  }
  if (!response.ok) {
    answer.replaceChildren(paragraph(say(words.failed, { detail: body.detail ?? response.status })));
    return;
  }
  const name = body.names[language];
  document.getElementById("title").textContent = name;
  document.title = `${name} (local)`;
  let access = words[body.access];
  if (body.available_from) access += ` (${say(words.opens, { when: body.available_from })})`;
  answer.replaceChildren(
    facts([
      [words.who, `${body.person.name} (${body.person.email})`],
      [words.centre, `${body.centre.centre_id} ${body.centre.name ?? ""}`.trim()],
      [words.access, access],
    ]),
  );
}

show().catch((error) => {
  document.getElementById("answer").replaceChildren(paragraph(say(words.failed, { detail: String(error) })));
});
