using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>
/// Where a command's answer goes: a Spectre.Console table, or with --json the proto3 JSON
/// mapping of the answer (proto field names, every scalar field present, enums by name,
/// 64-bit numbers as strings), one object per line. The JSON is the API's own message, so it
/// stays stable as long as the .proto does.
/// </summary>
public sealed class CommandOutput
{
    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    private readonly IAnsiConsole console;
    private readonly TextWriter writer;

    public CommandOutput(bool json, IAnsiConsole console, TextWriter writer)
    {
        Json = json;
        this.console = console;
        this.writer = writer;
    }

    /// <summary>True with --json.</summary>
    public bool Json { get; }

    /// <summary>Prints one answer: as JSON, or as what <paramref name="render"/> makes of it.</summary>
    public void Write<T>(T message, Func<T, IRenderable> render)
        where T : IMessage
    {
        ArgumentNullException.ThrowIfNull(render);
        if (Json)
        {
            writer.WriteLine(Formatter.Format(message));
            writer.Flush();
        }
        else
        {
            console.Write(render(message));
        }
    }

    /// <summary>Prints one item of a stream on its own line, at once (a pipe sees it as it arrives).</summary>
    public void WriteStreamItem<T>(T message, Func<T, string> line)
        where T : IMessage
    {
        ArgumentNullException.ThrowIfNull(line);
        writer.WriteLine(Json ? Formatter.Format(message) : line(message));
        writer.Flush();
    }
}
