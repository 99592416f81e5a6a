package dev.tickcast.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void eachClientAddressAndTheTotalAreCappedAndAReleaseMakesRoom() {
        ConnectionLimits limits = new ConnectionLimits(3, 2);

        assertThat(limits.admit("10.0.0.1")).isEmpty();
        assertThat(limits.admit("10.0.0.1")).isEmpty();
        assertThat(limits.admit("10.0.0.1")).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo((short) 1008);
            assertThat(refusal.reason()).contains("at most 2 streams per client address");
        });
        assertThat(limits.admit("10.0.0.2")).isEmpty();
        assertThat(limits.admit("10.0.0.3")).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo((short) 1013);
            assertThat(refusal.reason()).contains("maximum of 3 streams").contains("try again later");
        });
        assertThat(limits.open()).isEqualTo(3);

        limits.release("10.0.0.1");
        assertThat(limits.admit("10.0.0.3")).isEmpty();
        // a refused connection was never counted: releasing an unknown address changes nothing
        limits.release("10.0.0.9");
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void reasonsFitACloseFrame() {
        ConnectionLimits limits = new ConnectionLimits(1, 1);
        limits.admit("a");
        for (String client : new String[] { "a", "b" }) {
            assertThat(limits.admit(client).orElseThrow().reason().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(123);
        }
        assertThatThrownBy(() -> new ConnectionLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
