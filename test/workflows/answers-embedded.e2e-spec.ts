import { answersScenarios } from './answers-scenarios';

answersScenarios('embedded');
