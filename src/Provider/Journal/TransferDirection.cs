namespace Microchannels.Provider.Journal;

/// <summary>Which way money moved, seen from the provider (stored as these numbers).</summary>
public enum JournalDirection
{
    /// <summary>The meter paid the provider (one of the meter's updates: our remote changes).</summary>
    Received = 1,

    /// <summary>The provider paid the meter (one of our updates: our local changes).</summary>
    Sent = 2,
}
