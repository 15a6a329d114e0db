using System.Globalization;
using Microchannels.Demo.Run;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Microchannels.Demo.View;

/// <summary>The terminal view while payments stream: a row per meter, the node's figures below.</summary>
internal static class LiveView
{
    public static IRenderable Render(IReadOnlyList<MeterDaemon> meters, NodeFigures? node, TimeSpan elapsed, TimeSpan? total, string chainKind)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("meter");
        table.AddColumn(new TableColumn("power").RightAligned());
        table.AddColumn(new TableColumn("energy").RightAligned());
        table.AddColumn(new TableColumn("paid").RightAligned());
        table.AddColumn(new TableColumn("channel balance").RightAligned());
        table.AddColumn("channel");
        table.AddColumn("relay");
        table.AddColumn("last ack");
        foreach (var meter in meters)
        {
            var r = meter.Last;
            table.AddRow(
                new Markup($"[bold]{meter.Name}[/] [grey]{Markup.Escape(meter.Profile.Label)}[/]"),
                new Text(r?.Energy.PowerWatts is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w / 1000:0.00} kW") : "-"),
                new Text(r is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{r.Energy.ImportWh / 1000.0:0.000} kWh")),
                new Text(r is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{r.Payments.PaidMsat / 1000.0:#,0.000} sat")),
                new Text(r?.Channel.BalanceMsat is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1000.0:#,0.000} sat") : "-"),
                new Markup(r is null ? "-" : $"{Markup.Escape(r.Channel.State)}{(r.Channel.Connected ? "" : " [yellow](offline)[/]")}"),
                new Markup(r is null ? "-" : r.Relay.On ? "[green]on[/]" : $"[red]off[/] [grey]{Markup.Escape(r.Relay.Reason)}[/]"),
                new Text(r?.Payments.LastAcknowledgement is { } at ? $"{(DateTimeOffset.UtcNow - at).TotalSeconds:0.0} s ago" : "-"));
        }

        string node1 = node is null ? "node: waiting for the first figures" : string.Create(CultureInfo.InvariantCulture,
            $"node: [bold]{(node.CommitmentsPerSecond is { } c ? c.ToString("0.0", CultureInfo.InvariantCulture) : "-")}[/] commitments/s, " +
            $"[bold]{(node.WritesPerFsync is { } f ? f.ToString("0.00", CultureInfo.InvariantCulture) : "-")}[/] state writes per fsync, " +
            $"block height [bold]{node.BlockHeight}[/]{(node.Synced ? "" : " [yellow](catching up)[/]")}, received [bold]{node.ReceivedMsat / 1000.0:#,0.000}[/] sat");
        string clock = total is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0} s of {t.TotalSeconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0} s, until Ctrl-C");
        return new Rows(
            table,
            new Markup(node1),
            new Markup($"[grey]chain: {Markup.Escape(chainKind)} · streaming {clock} · Ctrl-C stops everything[/]"));
    }

    /// <summary>One plain line per meter, for logs and pipes.</summary>
    public static IEnumerable<string> PlainLines(IReadOnlyList<MeterDaemon> meters, NodeFigures? node, TimeSpan elapsed)
    {
        foreach (var meter in meters)
        {
            var r = meter.Last;
            yield return r is null
                ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds,4:0} s  {meter.Name}: no report yet")
                : string.Create(CultureInfo.InvariantCulture,
                    $"{elapsed.TotalSeconds,4:0} s  {meter.Name} ({meter.Profile.Label}): {r.Energy.ImportWh / 1000.0:0.000} kWh, paid {r.Payments.PaidMsat / 1000.0:0.000} sat, " +
                    $"balance {(r.Channel.BalanceMsat ?? 0) / 1000.0:0.000} sat, {r.Channel.State}, relay {(r.Relay.On ? "on" : "off " + r.Relay.Reason)}, " +
                    $"last ack {(r.Payments.LastAcknowledgement is { } at ? $"{(DateTimeOffset.UtcNow - at).TotalSeconds:0.0} s ago" : "none")}");
        }

        if (node is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{elapsed.TotalSeconds,4:0} s  node: {node.CommitmentsPerSecond?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} commitments/s, " +
                $"{node.WritesPerFsync?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"} state writes per fsync, block height {node.BlockHeight}");
        }
    }
}
