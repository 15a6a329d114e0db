namespace Microchannels.Meter.Daemon.Configuration;

/// <summary>A setting with a value outside what it allows; the message is the one line the daemon prints before it exits (code 2).</summary>
public sealed class InvalidSettingException : Exception
{
    public InvalidSettingException(string setting, string allowed, string? value)
        : base($"invalid setting {setting}: {allowed} (got '{value ?? ""}')")
    {
        Setting = setting;
    }

    public string Setting { get; }
}
