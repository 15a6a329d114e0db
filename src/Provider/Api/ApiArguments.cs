using Grpc.Core;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Provider.Api;

/// <summary>Reads the API's arguments; anything malformed is INVALID_ARGUMENT with a message that says what is expected.</summary>
internal static class ApiArguments
{
    /// <summary>21 million bitcoin in millisatoshis: no amount can exceed it.</summary>
    public const long MaxMoneyMsat = 21_000_000L * 100_000_000L * 1000L;

    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1000;

    public static ChannelId ChannelId(string value, string field)
    {
        if (value.Length != 64 || !IsHex(value))
        {
            throw Invalid($"{field} must be a channel id of 64 hex digits");
        }

        return new ChannelId(Convert.FromHexString(value));
    }

    public static PublicKey NodeId(string value, string field)
    {
        if (value.Length != 66 || !IsHex(value) || !PublicKey.TryFromBytes(Convert.FromHexString(value), out var key))
        {
            throw Invalid($"{field} must be a compressed public key of 66 hex digits (02 or 03 prefix)");
        }

        return key;
    }

    public static int PageSize(uint requested) => requested switch
    {
        0 => DefaultPageSize,
        <= MaxPageSize => (int)requested,
        _ => throw Invalid($"page_size must be at most {MaxPageSize}; ask for further pages with page_token"),
    };

    /// <summary>A positive amount of at most 21 million bitcoin, in millisatoshis.</summary>
    public static ulong AmountMsat(long value, string field) => value switch
    {
        <= 0 => throw Invalid($"{field} must be positive"),
        > MaxMoneyMsat => throw Invalid($"{field} exceeds 21 million bitcoin in millisatoshis ({MaxMoneyMsat})"),
        _ => (ulong)value,
    };

    public static string Text(string value, string field, int maxLength) =>
        value.Length <= maxLength ? value : throw Invalid($"{field} must be at most {maxLength} characters");

    /// <summary>A page token is the last key of the previous page, as this server wrote it.</summary>
    public static string PageToken(string token)
    {
        if (token.Length == 0)
        {
            return "";
        }

        try
        {
            string key = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(token));
            return key.Length is 64 or 66 && IsHex(key) ? key : throw Invalid("page_token is not one this server gave; start again with an empty page_token");
        }
        catch (FormatException)
        {
            throw Invalid("page_token is not one this server gave; start again with an empty page_token");
        }
    }

    public static string NextPageToken(string lastKey) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(lastKey));

    public static SignedMeterReading Reading(Api.V1.SignedMeterReading reading)
    {
        if (reading.Signature.Length != 128 || !IsHex(reading.Signature))
        {
            throw Invalid("reading.signature must be a 64-byte compact signature, 128 hex digits");
        }

        return new SignedMeterReading(new MeterReading(reading.CumulativeWh, reading.PulseCount, reading.Timestamp), new CompactSignature(Convert.FromHexString(reading.Signature)));
    }

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException Precondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
