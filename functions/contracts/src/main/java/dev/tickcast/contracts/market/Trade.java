package dev.tickcast.contracts.market;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One executed trade. {@code id} is stable: the exchange's trade id, or for a replayed file one derived
 * from the row itself, so replaying the same data twice changes nothing downstream.
 *
 * @param side {@code null} where the source does not say (the Bitstamp file does not)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trade(String id, Instant time, BigDecimal price, BigDecimal quantity, Side side) {
}
