using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli sendtransfer: the provider pays a meter (a refund, or a feed-in payment), citing the
/// meter's newest reading unless a signed reading is given.
/// </summary>
public static class SendTransferCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var target = new ChannelTarget();
        var amount = new Option<long>("--amount-msat")
        {
            Description = "The amount in millisatoshis, 1 up to the provider's spendable balance",
            Required = true,
        };
        var wh = new Option<ulong?>("--reading-wh") { Description = "The cited reading's cumulative energy register, Wh" };
        var pulses = new Option<ulong?>("--reading-pulses") { Description = "The cited reading's cumulative pulse count" };
        var timestamp = new Option<ulong?>("--reading-timestamp") { Description = "The cited reading's time, Unix seconds by the meter's clock" };
        var signature = new Option<string?>("--reading-signature")
        {
            Description = "The meter's signature over the reading, 128 hex digits (compact r || s)",
        };
        return runner.Define(
            "sendtransfer",
            "Pay a meter from the provider's side of its channel (refund or feed-in payment)",
            parse =>
            {
                var (channelId, meter) = target.Resolve(parse, "sendtransfer");
                var request = new SendTransferRequest { ChannelId = channelId, MeterNodeId = meter, AmountMsat = parse.GetValue(amount) };
                var parts = (Wh: parse.GetValue(wh), Pulses: parse.GetValue(pulses), Time: parse.GetValue(timestamp), Signature: parse.GetValue(signature));
                int given = (parts.Wh is null ? 0 : 1) + (parts.Pulses is null ? 0 : 1) + (parts.Time is null ? 0 : 1) + (parts.Signature is null ? 0 : 1);
                if (given is > 0 and < 4)
                {
                    throw new UsageException(
                        "a cited reading needs all of --reading-wh, --reading-pulses, --reading-timestamp and --reading-signature (or none: the meter's newest reading)");
                }

                if (given == 4)
                {
                    request.Reading = new SignedMeterReading
                    {
                        CumulativeWh = parts.Wh!.Value,
                        PulseCount = parts.Pulses!.Value,
                        Timestamp = parts.Time!.Value,
                        Signature = parts.Signature!,
                    };
                }

                return async call =>
                {
                    var response = await call.Client.SendTransferAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, TransferViews.Sent);
                };
            },
            [.. target.Symbols, amount, wh, pulses, timestamp, signature]);
    }
}
