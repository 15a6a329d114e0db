namespace Microchannels.Channels.Wire;

/// <summary>Turns an optional typed TLV value into the record to write, or null when absent.</summary>
internal static class TlvOptional
{
    public static TlvRecord? Record<T>(TlvField<T> field, T? value)
        where T : class => value is null ? null : field.ToRecord(value);

    public static TlvRecord? Record<T>(TlvField<T> field, T? value)
        where T : struct => value is { } present ? field.ToRecord(present) : null;
}
