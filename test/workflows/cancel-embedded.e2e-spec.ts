import { cancelScenarios } from './cancel-scenarios';

cancelScenarios('embedded');
