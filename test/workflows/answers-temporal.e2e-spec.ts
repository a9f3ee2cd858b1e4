import { answersScenarios } from './answers-scenarios';

answersScenarios('temporal');
