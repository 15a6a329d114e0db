using Spectre.Console;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Building blocks for the tables: plain text cells (never parsed as Spectre markup).</summary>
public static class Tables
{
    /// <summary>A two-column table of one object's fields.</summary>
    public static Table Fields(params (string Name, string Value)[] rows)
    {
        var table = new Table().AddColumn("field").AddColumn("value");
        foreach (var (name, value) in rows)
        {
            table.AddRow(new Text(name), new Text(value));
        }

        return table;
    }

    /// <summary>A table with the given headers and rows.</summary>
    public static Table Rows(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table();
        foreach (string header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = true });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        return table;
    }

    /// <summary>Renderables one under the other, with plain text lines allowed among them.</summary>
    public static IRenderable Stack(params IRenderable[] parts) => new Spectre.Console.Rows(parts);

    /// <summary>A line of plain text.</summary>
    public static IRenderable Line(string text) => new Text(text);
}
