using Microchannels.Cli.Errors;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Input;

/// <summary>The state names --state takes: the .proto's ChannelState names without their prefix, lower case.</summary>
public static class ChannelStateNames
{
    private const string Prefix = "CHANNEL_STATE_";

    /// <summary>"opening", "normal", "shutting_down", …; never "unspecified".</summary>
    public static IReadOnlyList<string> All { get; } =
        ProtoEnums.ChannelState.Values
            .Where(v => v.Number != 0)
            .Select(v => v.Name[Prefix.Length..].ToLowerInvariant())
            .ToArray();

    public static ChannelState Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var value = ProtoEnums.ChannelState.Values.FirstOrDefault(v =>
            v.Number != 0 && string.Equals(v.Name[Prefix.Length..], name.Replace('-', '_'), StringComparison.OrdinalIgnoreCase));
        return value is null
            ? throw new UsageException($"--state '{name}' is not a channel state: use one of {string.Join(", ", All)}")
            : (ChannelState)value.Number;
    }
}
