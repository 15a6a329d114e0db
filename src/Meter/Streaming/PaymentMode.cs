namespace Microchannels.Meter.Streaming;

public enum PaymentMode
{
    /// <summary>Pay in arrears: each interval pays for the energy measured since the last.</summary>
    Postpay,

    /// <summary>Pay one interval ahead (estimated from the last interval), up to the configured credit.</summary>
    Prepay,
}
