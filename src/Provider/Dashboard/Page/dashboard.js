// The provider dashboard's page script: listens to /events (server-sent events, one snapshot
// per interval) and fills the totals, the channel table and the per-meter plots. The plots
// arrive as SVG rendered by the daemon. Read-only: it only reads.
"use strict";

const token = new URLSearchParams(location.search).get("token");
const eventsUrl = "events" + (token ? "?token=" + encodeURIComponent(token) : "");

function sat(msat) {
  return (msat / 1000).toLocaleString("en", { maximumFractionDigits: 3 }) + " sat";
}

function kw(watts) {
  return (watts / 1000).toLocaleString("en", { maximumFractionDigits: 2 }) + " kW";
}

function kwh(wh) {
  return (wh / 1000).toLocaleString("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 }) + " kWh";
}

function state(name) {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function cell(row, text, numeric) {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) {
    td.className = "n";
  }
  return td;
}

function render(snapshot) {
  const chain = snapshot.chain;
  document.getElementById("chain").textContent =
    snapshot.network + " height " + chain.height + (chain.synced ? "" : chain.reachable ? " (catching up)" : " (unreachable)");
  const totals = snapshot.totals;
  document.getElementById("open").textContent = totals.open + " of " + totals.channels;
  document.getElementById("power").textContent = kw(totals.powerWatts);
  document.getElementById("energy").textContent = kwh(totals.energyWh);
  document.getElementById("received").textContent = sat(totals.receivedMsat);
  document.getElementById("inchannels").textContent = sat(totals.inChannelsMsat);

  const body = document.querySelector("#channels tbody");
  body.replaceChildren();
  const plots = document.getElementById("plots");
  const figures = [];
  for (const channel of snapshot.channels) {
    const row = body.insertRow();
    row.dataset.meter = channel.meter;
    const meter = cell(row, "");
    const code = document.createElement("code");
    code.textContent = channel.meter.slice(0, 16) + "...";
    code.title = channel.meter;
    meter.appendChild(code);
    cell(row, channel.channelId.slice(0, 16) + "...").title = channel.channelId;
    cell(row, state(channel.state) + (channel.connected ? "" : " (offline)"));
    cell(row, kw(channel.powerWatts), true);
    cell(row, kwh(channel.energyWh), true);
    cell(row, sat(channel.receivedMsat - channel.sentMsat), true);
    cell(row, sat(channel.balanceMsat), true);
    cell(row, sat(channel.meterBalanceMsat), true);
    cell(row, channel.transfers.toLocaleString("en"), true);

    const figure = document.createElement("figure");
    figure.dataset.meter = channel.meter;
    const caption = document.createElement("figcaption");
    caption.textContent = "meter " + channel.meter.slice(0, 16) + "... " + kw(channel.powerWatts) + ", " + sat(channel.receivedMsat - channel.sentMsat) + " paid";
    figure.appendChild(caption);
    // The daemon renders the plot from numbers only (src/Provider/Dashboard/PlotSvg.cs).
    figure.insertAdjacentHTML("beforeend", channel.plot);
    figures.push(figure);
  }
  plots.replaceChildren(...figures);
  const status = document.getElementById("status");
  status.textContent = "updated " + new Date(snapshot.timeMs).toLocaleTimeString("en");
  status.className = "status";
}

const events = new EventSource(eventsUrl);
events.addEventListener("snapshot", (event) => render(JSON.parse(event.data)));
events.addEventListener("error", () => {
  const status = document.getElementById("status");
  status.textContent = "disconnected; retrying ...";
  status.className = "status down";
});
