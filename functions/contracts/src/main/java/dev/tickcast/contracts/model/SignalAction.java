package dev.tickcast.contracts.model;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SignalAction {
    @JsonProperty("buy")
    BUY,
    @JsonProperty("sell")
    SELL,
    @JsonProperty("hold")
    HOLD
}
