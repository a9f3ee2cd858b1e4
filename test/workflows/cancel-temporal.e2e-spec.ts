import { cancelScenarios } from './cancel-scenarios';

cancelScenarios('temporal');
