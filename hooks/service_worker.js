// The site's service worker. hooks/offline_worker.py copies this file into the build as sw.js
// and fills BUILD with the build's version and its precache list: [path, sha256 hex] per file,
// the hash of the bytes the site serves. A classic worker script: no imports, no library.
//
// - install: fetch every listed file past the HTTP cache, check each against its hash, and only
//   when all match write them into one cache named for this version. A file of another build
//   (a half-finished deploy, a stale proxy) fails the install; the old version keeps serving.
// - activate: delete every other version's cache of this scope. No clients.claim(): a page that
//   was loaded from the network stays with the network until its next load.
// - fetch: answer from this version's cache only, so a page never mixes two builds. A file not
//   in it goes to the network; a page not in it, with no network, gets the 404 page.
// - message "skip-waiting": the reader asked for the new version (the update notice's button).
"use strict";

var BUILD = {"version": "unbuilt", "files": []};  // replaced by the build

var SCOPE = self.registration.scope;
var PREFIX = "offline " + SCOPE + " ";
var CACHE = PREFIX + BUILD.version;

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
    return (b < 16 ? "0" : "") + b.toString(16);
  }).join("");
}

// One precache entry: [address, response], or a rejection naming the file.
function fetchChecked(path, hash) {
  var url = new URL(path, SCOPE).href;
  return fetch(url, {cache: "reload", credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("precache: " + path + ": HTTP " + response.status);
    var type = response.headers.get("Content-Type");
    return response.arrayBuffer().then(function (body) {
      return crypto.subtle.digest("SHA-256", body).then(function (digest) {
        if (hex(digest) !== hash) throw new Error("precache: " + path + " is not the file of build " + BUILD.version);
        // A new response: a redirected one may not answer a navigation, and the body is decoded.
        return [url, new Response(body, {status: 200, headers: type ? {"Content-Type": type} : {}})];
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all(BUILD.files.map(function (entry) {
    return fetchChecked(entry[0], entry[1]);
  })).then(function (entries) {
    // A cache of this version left by an interrupted install is rebuilt, never topped up.
    return caches.delete(CACHE).then(function () { return caches.open(CACHE); }).then(function (cache) {
      return Promise.all(entries.map(function (entry) { return cache.put(entry[0], entry[1]); }));
    });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }));
});

// The cache key of an address: the query (?h= search highlights) and fragment never name another
// file, and a folder address is its index.html.
function cacheKey(url) {
  var path = url.origin + url.pathname;
  return /\/$/.test(path) ? path + "index.html" : path;
}

function answer(request, url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(cacheKey(url)).then(function (hit) {
      if (hit) return hit;
      return fetch(request).catch(function (error) {
        if (request.mode !== "navigate") throw error;
        var notFound = new URL("404.html", SCOPE).href;
        return cache.match(notFound).then(function (page) {
          if (!page) throw error;
          // Redirect rather than answer in place: 404.html's links are relative to the site root.
          return Response.redirect(notFound, 302);
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  event.respondWith(answer(request, new URL(request.url)));
});

self.addEventListener("message", function (event) {
  if (event.data === "skip-waiting") self.skipWaiting();
});
