import { toolScenarios } from './tool-scenarios';

toolScenarios('temporal');
