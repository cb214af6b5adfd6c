/** The Azure Speech synthesis REST fake lives with the benchmarks, which run it too (bench/ is built, test/ is not). */
export * from '../../bench/fake-azure-speech';
