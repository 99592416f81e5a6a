package dev.tickcast.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --speed N|max}: N times real time, or as fast as Kafka takes the trades (returned as 0). */
final class Speed implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        if ("max".equalsIgnoreCase(value)) {
            return 0.0;
        }
        try {
            double speed = Double.parseDouble(value);
            if (speed > 0 && Double.isFinite(speed)) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("--speed: must be a positive number or 'max', got '" + value + "'");
    }
}
