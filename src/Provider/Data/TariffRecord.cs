namespace Microchannels.Provider.Data;

/// <summary>A stored tariff: the API's Tariff message as bytes, and when it was set.</summary>
public sealed record TariffRecord(byte[] Tariff, long UpdatedAtMs);
