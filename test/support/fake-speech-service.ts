/** The Azure Speech recognition protocol fake lives with the benchmarks, which run it too (bench/ is built, test/ is not). */
export * from '../../bench/fake-speech-service';
