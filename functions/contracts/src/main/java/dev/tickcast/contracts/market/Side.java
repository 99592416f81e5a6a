package dev.tickcast.contracts.market;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The taker's side of a trade. */
public enum Side {
    @JsonProperty("buy")
    BUY,
    @JsonProperty("sell")
    SELL
}
