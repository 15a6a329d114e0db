using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// One side's statement boundaries for one channel (docs/STATEMENTS.md, "When"): it takes
/// the readings of completed payments in order and, when one lands past the current
/// period's end, closes that period: builds its statement from the log, signs it with the
/// node key and holds it until the counterparty's <c>statement_signature</c> arrives.
/// Periods are aligned to multiples of <see cref="PeriodSeconds"/> of the readings' own
/// timestamps, so both sides, holding the same readings, cut them at the same place without
/// sharing a clock. An hour with no reading is merged into the next statement. Pure: the
/// runner sends and stores what it returns. Not thread-safe: one channel, one loop.
/// </summary>
public sealed class StatementBook
{
    /// <summary>Counterparty signatures for periods we have not closed yet (it saw the boundary first); a few at most.</summary>
    private const int MaxEarly = 16;

    private readonly ChannelReadingLog _log;
    private readonly Func<BillingStatement, BillingStatement> _sign;
    private readonly Func<ulong, ulong> _tariffAt;
    private readonly Dictionary<(ulong Start, ulong End), BillingStatement> _pending = [];
    private readonly Dictionary<(ulong Start, ulong End), StatementSignature> _early = [];
    private readonly Queue<BillingStatement> _recent = new();
    private ulong? _periodStart;
    private ulong _lastTimestamp;

    /// <param name="log">The channel's readings so far (a restarted host fills it from its records).</param>
    /// <param name="asProvider">Which node key signs: the provider's or the meter's.</param>
    /// <param name="sign">Signs a statement with this side's node key (<see cref="BillingStatement.SignAsProvider"/> or <see cref="BillingStatement.SignAsMeter"/>).</param>
    /// <param name="tariffAt">The msat per Wh both sides apply to a period, by its start.</param>
    /// <param name="periodSeconds">The statement period; hourly by default.</param>
    /// <param name="periodStart">Where the open period starts: the last statement's end after a restart; null to start at the first reading's period.</param>
    public StatementBook(ChannelReadingLog log, bool asProvider, Func<BillingStatement, BillingStatement> sign, Func<ulong, ulong> tariffAt, ulong periodSeconds = 3600, ulong? periodStart = null)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _sign = sign ?? throw new ArgumentNullException(nameof(sign));
        _tariffAt = tariffAt ?? throw new ArgumentNullException(nameof(tariffAt));
        ArgumentOutOfRangeException.ThrowIfZero(periodSeconds);
        AsProvider = asProvider;
        PeriodSeconds = periodSeconds;
        _periodStart = periodStart;
        if (_log.Count > 0)
        {
            _lastTimestamp = _log[_log.Count - 1].Reading.Timestamp;
            _periodStart ??= Floor(_log[_log.Stated].Reading.Timestamp);
        }
    }

    public bool AsProvider { get; }

    public ulong PeriodSeconds { get; }

    public ChannelId ChannelId => _log.ChannelId;

    /// <summary>Statements we signed whose counterparty signature has not arrived.</summary>
    public IReadOnlyCollection<BillingStatement> Pending => _pending.Values;

    /// <summary>
    /// Records the readings of newly completed payments and closes every period they passed.
    /// Returns the statements this side just signed, each to offer the counterparty.
    /// </summary>
    public IReadOnlyList<BillingStatement> Append(IEnumerable<SignedMeterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var closed = new List<BillingStatement>();
        foreach (var reading in readings)
        {
            ulong at = reading.Reading.Timestamp;
            _periodStart ??= Floor(at);
            if (at >= _periodStart.Value + PeriodSeconds)
            {
                // This reading opens a later period: everything before its period is one statement.
                closed.Add(Close(Floor(at)));
            }

            _log.Append(reading);
            _lastTimestamp = Math.Max(_lastTimestamp, at);
        }

        return closed;
    }

    /// <summary>
    /// The statement at channel close (docs/STATEMENTS.md, "When"): the open period up to just
    /// after the last reading; null when every reading is already in a statement.
    /// </summary>
    public BillingStatement? CloseChannel()
    {
        if (_periodStart is null || _log.Stated == _log.Count)
        {
            return null;
        }

        return Close(Math.Max(_lastTimestamp + 1, _periodStart.Value + 1));
    }

    /// <summary>
    /// The counterparty's signature. Returns the countersigned statement when it completes one
    /// of ours; null when we have not reached that boundary yet (it is kept until we do).
    /// </summary>
    /// <exception cref="Errors.StatementSignatureInvalidException">It does not verify over the statement we built for that period; nothing changes.</exception>
    public BillingStatement? Accept(StatementSignature theirs)
    {
        ArgumentNullException.ThrowIfNull(theirs);
        var period = (theirs.PeriodStart, theirs.PeriodEnd);
        if (!_pending.TryGetValue(period, out var ours))
        {
            if (theirs.ChannelId != ChannelId || (_periodStart is { } open && theirs.PeriodEnd <= open))
            {
                // Another channel, or a period we already closed and countersigned (or never had).
                throw new Errors.StatementSignatureInvalidException(AsProvider ? "meter" : "provider");
            }

            if (_early.Count < MaxEarly)
            {
                _early[period] = theirs;
            }

            return null;
        }

        var countersigned = StatementExchange.Accept(ours, theirs, AsProvider);
        _pending.Remove(period);
        _recent.Enqueue(countersigned);
        if (_recent.Count > MaxEarly)
        {
            _recent.Dequeue();
        }

        return countersigned;
    }

    /// <summary>The last statements both sides signed (a few), offered again on reconnection.</summary>
    public IReadOnlyCollection<BillingStatement> Recent => _recent;

    /// <summary>Our copy of a statement the counterparty signs again (it offers its signatures again on reconnection); null when not one of ours.</summary>
    public BillingStatement? AlreadyCountersigned(StatementSignature theirs)
    {
        ArgumentNullException.ThrowIfNull(theirs);
        return _recent.FirstOrDefault(s => s.PeriodStart == theirs.PeriodStart && s.PeriodEnd == theirs.PeriodEnd && s.ChannelId == theirs.ChannelId && s.Digest() == theirs.Digest);
    }

    /// <summary>Counterparty signatures that arrived before we closed their period and now complete one: the runner accepts them next.</summary>
    public IReadOnlyList<StatementSignature> TakeEarly()
    {
        var ready = _early.Where(e => _pending.ContainsKey(e.Key)).Select(e => e.Value).ToList();
        foreach (var signature in ready)
        {
            _early.Remove((signature.PeriodStart, signature.PeriodEnd));
        }

        return ready;
    }

    private BillingStatement Close(ulong end)
    {
        ulong start = _periodStart!.Value;
        var statement = _sign(_log.BuildStatement(start, end, _tariffAt(start)));
        _pending[(start, end)] = statement;
        _periodStart = end;
        return statement;
    }

    private ulong Floor(ulong timestamp) => timestamp - (timestamp % PeriodSeconds);
}
