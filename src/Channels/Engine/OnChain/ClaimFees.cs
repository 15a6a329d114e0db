using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// What a claim pays and how it will be bumped, stored with the close so a restart resumes
/// the schedule (<see cref="ClaimFeeSchedule"/>). <paramref name="Feerate"/> and
/// <paramref name="Fee"/> are the current claim's; <paramref name="Weight"/> is its weight with
/// maximum-size signatures (every version of a claim has the same). The schedule climbs from
/// <paramref name="Start"/> at spending depth <paramref name="StartDepth"/> to
/// <paramref name="Ceiling"/>, which it reaches with half the blocks before
/// <paramref name="DeadlineDepth"/> still to go. <paramref name="Estimate"/> is the estimator's
/// latest answer and <paramref name="IncrementalRelay"/> the node's BIP 125 increment.
/// </summary>
public sealed record ClaimFees(
    FeeratePerKw Feerate,
    Satoshis Fee,
    int Weight,
    FeeratePerKw Start,
    FeeratePerKw Estimate,
    FeeratePerKw Ceiling,
    FeeratePerKw IncrementalRelay,
    uint StartDepth,
    uint DeadlineDepth);
